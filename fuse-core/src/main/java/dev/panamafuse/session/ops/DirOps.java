package dev.panamafuse.session.ops;

import static dev.panamafuse.protocol.RequestStructs.FSYNC_IN_FH;
import static dev.panamafuse.protocol.RequestStructs.FSYNC_IN_FLAGS;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FSYNC_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_OPEN_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_READ_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_RELEASE_IN;
import static dev.panamafuse.protocol.RequestStructs.OPEN_IN_FLAGS;
import static dev.panamafuse.protocol.RequestStructs.READ_IN_FH;
import static dev.panamafuse.protocol.RequestStructs.READ_IN_OFFSET;
import static dev.panamafuse.protocol.RequestStructs.READ_IN_SIZE;
import static dev.panamafuse.protocol.RequestStructs.RELEASE_IN_FH;

import dev.panamafuse.FileSystem;
import dev.panamafuse.Request;
import dev.panamafuse.codec.DirentWriter;
import dev.panamafuse.codec.OpenEncoder;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.OperationFlags;

/**
 * The directory operations: {@code OPENDIR}, {@code READDIR}, {@code READDIRPLUS},
 * {@code RELEASEDIR} and {@code FSYNCDIR}. Listings go straight into the reply through the
 * slot's {@link DirentWriter}, which stops at the size the kernel asked for.
 *
 * @param fs the filesystem
 * @param options the mount's options (entry and attribute timeouts of {@code READDIRPLUS})
 */
public record DirOps(FileSystem fs, MountOptions options) {
    /**
     * {@code OPENDIR}: a {@code fuse_open_in}; a {@code fuse_open_out} (the mount's file open
     * flags are not added to directories).
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean opendir(Request req, RequestFrame in, ReplyFrame out) {
        int flags = in.getInt(in.argument(FUSE_OPEN_IN.byteSize()) + OPEN_IN_FLAGS);
        OpenEncoder.openOut(out, fs.opendir(req, req.nodeid(), flags), 0);
        return out.complete();
    }

    /**
     * {@code READDIR} or {@code READDIRPLUS}: a {@code fuse_read_in}; {@code fuse_dirent} or
     * {@code fuse_direntplus} records up to {@code size} bytes.
     *
     * @param req     the request
     * @param in      the request frame, cursor after the header
     * @param out     the reply, begun
     * @param dirents the slot's directory entry writer, re-armed here
     * @param plus    whether the request is {@code READDIRPLUS}
     * @return true: a reply is to be written
     */
    public boolean readdir(Request req, RequestFrame in, ReplyFrame out, DirentWriter dirents, boolean plus) {
        long at = in.argument(FUSE_READ_IN.byteSize());
        long size = Integer.toUnsignedLong(in.getInt(at + READ_IN_SIZE));
        long fh = in.getLong(at + READ_IN_FH);
        long offset = in.getLong(at + READ_IN_OFFSET);
        dirents.start(out, size, plus, options.entryTimeout(), options.attrTimeout());
        if (plus) {
            fs.readdirplus(req, req.nodeid(), fh, offset, dirents);
        } else {
            fs.readdir(req, req.nodeid(), fh, offset, dirents);
        }
        return out.complete();
    }

    /**
     * {@code RELEASEDIR}: a {@code fuse_release_in}; an empty reply.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean releasedir(Request req, RequestFrame in, ReplyFrame out) {
        fs.releasedir(req, req.nodeid(), in.getLong(in.argument(FUSE_RELEASE_IN.byteSize()) + RELEASE_IN_FH));
        return out.complete();
    }

    /**
     * {@code FSYNCDIR}: a {@code fuse_fsync_in} ({@code FUSE_FSYNC_FDATASYNC}: data only); an
     * empty reply.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean fsyncdir(Request req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_FSYNC_IN.byteSize());
        boolean datasync = (in.getInt(at + FSYNC_IN_FLAGS) & OperationFlags.FSYNC_FDATASYNC) != 0;
        fs.fsyncdir(req, req.nodeid(), in.getLong(at + FSYNC_IN_FH), datasync);
        return out.complete();
    }
}
