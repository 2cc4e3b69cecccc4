package dev.panamafuse.session.ops;

import static dev.panamafuse.protocol.RequestStructs.FUSE_BATCH_FORGET_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FORGET_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FORGET_ONE;
import static dev.panamafuse.protocol.RequestStructs.FUSE_LINK_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_MKDIR_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_MKNOD_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_RENAME2_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_RENAME_IN;
import static dev.panamafuse.session.ops.RequestOffsets.BATCH_FORGET_IN_COUNT;
import static dev.panamafuse.session.ops.RequestOffsets.FORGET_IN_NLOOKUP;
import static dev.panamafuse.session.ops.RequestOffsets.FORGET_ONE_NLOOKUP;
import static dev.panamafuse.session.ops.RequestOffsets.FORGET_ONE_NODEID;
import static dev.panamafuse.session.ops.RequestOffsets.LINK_IN_OLDNODEID;
import static dev.panamafuse.session.ops.RequestOffsets.MKDIR_IN_MODE;
import static dev.panamafuse.session.ops.RequestOffsets.MKDIR_IN_UMASK;
import static dev.panamafuse.session.ops.RequestOffsets.MKNOD_IN_MODE;
import static dev.panamafuse.session.ops.RequestOffsets.MKNOD_IN_RDEV;
import static dev.panamafuse.session.ops.RequestOffsets.MKNOD_IN_UMASK;
import static dev.panamafuse.session.ops.RequestOffsets.RENAME2_IN_FLAGS;
import static dev.panamafuse.session.ops.RequestOffsets.RENAME2_IN_NEWDIR;
import static dev.panamafuse.session.ops.RequestOffsets.RENAME_IN_NEWDIR;

import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileNames;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Request;
import dev.panamafuse.codec.AttrEncoder;
import dev.panamafuse.codec.MalformedFrameException;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.mount.MountOptions;
import java.time.Duration;

/**
 * The entry operations: names in a directory and the kernel's references to nodes —
 * {@code LOOKUP}, {@code FORGET}, {@code BATCH_FORGET}, {@code MKNOD}, {@code MKDIR},
 * {@code SYMLINK}, {@code LINK}, {@code UNLINK}, {@code RMDIR}, {@code RENAME}, {@code RENAME2}
 * and {@code READLINK}. Names are decoded losslessly ({@link RequestFrame#name()}); the
 * create-type operations answer a {@code fuse_entry_out} with the mount's timeouts where the
 * {@link Entry} has none.
 *
 * @param fs the filesystem
 * @param options the mount's options (entry, attribute and negative timeouts)
 */
public record EntryOps(FileSystem fs, MountOptions options) {
    /**
     * {@code LOOKUP}: the name, then a {@code fuse_entry_out}. With a negative timeout, an
     * {@code ENOENT} (or an {@link Entry} with node id 0) is answered as a negative entry the
     * kernel caches.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean lookup(Request req, RequestFrame in, ReplyFrame out) {
        String name = in.name();
        Entry entry;
        try {
            entry = fs.lookup(req, req.nodeid(), name);
        } catch (FuseException e) {
            if (e.errno() != Errno.ENOENT || options.negativeTimeout().isZero()) {
                throw e;
            }
            entry = null;
        }
        if (entry == null || entry.nodeid() == 0) {
            Duration timeout = entry != null && entry.entryTimeout() != null ? entry.entryTimeout()
                    : options.negativeTimeout();
            AttrEncoder.negativeEntryOut(out, timeout);
        } else {
            AttrEncoder.entryOut(out, entry, options.entryTimeout(), options.attrTimeout());
        }
        return out.complete();
    }

    /**
     * {@code FORGET}: a {@code fuse_forget_in}; the kernel expects no reply.
     *
     * @param in the request frame, cursor after the header
     * @return false: no reply
     */
    public boolean forget(RequestFrame in) {
        long at = in.argument(FUSE_FORGET_IN.byteSize());
        fs.forget(in.nodeid(), in.getLong(at + FORGET_IN_NLOOKUP));
        return false;
    }

    /**
     * {@code BATCH_FORGET}: a {@code fuse_batch_forget_in}, then {@code count}
     * {@code fuse_forget_one}s; the kernel expects no reply.
     *
     * @param in the request frame, cursor after the header
     * @return false: no reply
     * @throws MalformedFrameException if {@code count} does not fit the frame
     */
    public boolean batchForget(RequestFrame in) {
        long at = in.argument(FUSE_BATCH_FORGET_IN.byteSize());
        int count = in.getInt(at + BATCH_FORGET_IN_COUNT);
        long one = FUSE_FORGET_ONE.byteSize();
        if (count < 0 || count > in.remaining() / one) {
            throw new MalformedFrameException("BATCH_FORGET count " + count + " exceeds frame");
        }
        for (int i = 0; i < count; i++) {
            long item = in.argument(one);
            fs.forget(in.getLong(item + FORGET_ONE_NODEID), in.getLong(item + FORGET_ONE_NLOOKUP));
        }
        return false;
    }

    /**
     * {@code READLINK}: no arguments; the target's bytes are the reply.
     *
     * @param req the request
     * @param out the reply, begun
     * @return true: a reply is to be written
     * @throws FuseException {@code ENAMETOOLONG} if the target does not fit the reply
     */
    public boolean readlink(Request req, ReplyFrame out) {
        byte[] bytes = FileNames.encode(fs.readlink(req, req.nodeid()));
        if (bytes.length > out.capacity()) {
            throw new FuseException(Errno.ENAMETOOLONG);
        }
        out.append(bytes);
        return out.complete();
    }

    /**
     * {@code SYMLINK}: the new name, then the target (both NUL-terminated).
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean symlink(Request req, RequestFrame in, ReplyFrame out) {
        String name = in.name();
        String target = in.name();
        return entryReply(out, fs.symlink(req, target, req.nodeid(), name));
    }

    /**
     * {@code MKNOD}: a {@code fuse_mknod_in}, then the name.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean mknod(Request req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_MKNOD_IN.byteSize());
        String name = in.name();
        return entryReply(out, fs.mknod(req, req.nodeid(), name, in.getInt(at + MKNOD_IN_MODE),
                in.getInt(at + MKNOD_IN_RDEV), in.getInt(at + MKNOD_IN_UMASK)));
    }

    /**
     * {@code MKDIR}: a {@code fuse_mkdir_in}, then the name.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean mkdir(Request req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_MKDIR_IN.byteSize());
        String name = in.name();
        return entryReply(out, fs.mkdir(req, req.nodeid(), name, in.getInt(at + MKDIR_IN_MODE),
                in.getInt(at + MKDIR_IN_UMASK)));
    }

    /**
     * {@code UNLINK}: the name; an empty reply.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean unlink(Request req, RequestFrame in, ReplyFrame out) {
        fs.unlink(req, req.nodeid(), in.name());
        return out.complete();
    }

    /**
     * {@code RMDIR}: the name; an empty reply.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean rmdir(Request req, RequestFrame in, ReplyFrame out) {
        fs.rmdir(req, req.nodeid(), in.name());
        return out.complete();
    }

    /**
     * {@code RENAME} (a {@code fuse_rename_in}) or {@code RENAME2} (a {@code fuse_rename2_in} with
     * {@code RENAME_*} flags), then the old and the new name; an empty reply.
     *
     * @param req       the request
     * @param in        the request frame, cursor after the header
     * @param out       the reply, begun
     * @param withFlags whether the request is {@code RENAME2}
     * @return true: a reply is to be written
     */
    public boolean rename(Request req, RequestFrame in, ReplyFrame out, boolean withFlags) {
        long newDir;
        int flags = 0;
        if (withFlags) {
            long at = in.argument(FUSE_RENAME2_IN.byteSize());
            newDir = in.getLong(at + RENAME2_IN_NEWDIR);
            flags = in.getInt(at + RENAME2_IN_FLAGS);
        } else {
            newDir = in.getLong(in.argument(FUSE_RENAME_IN.byteSize()) + RENAME_IN_NEWDIR);
        }
        String name = in.name();
        String newName = in.name();
        fs.rename(req, req.nodeid(), name, newDir, newName, flags);
        return out.complete();
    }

    /**
     * {@code LINK}: a {@code fuse_link_in} naming the existing node, then the new name; the
     * request's node id is the new parent.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean link(Request req, RequestFrame in, ReplyFrame out) {
        long old = in.getLong(in.argument(FUSE_LINK_IN.byteSize()) + LINK_IN_OLDNODEID);
        String newName = in.name();
        return entryReply(out, fs.link(req, old, req.nodeid(), newName));
    }

    private boolean entryReply(ReplyFrame out, Entry entry) {
        entryOut(out, entry);
        return out.complete();
    }

    private void entryOut(ReplyFrame out, Entry entry) {
        AttrEncoder.entryOut(out, entry, options.entryTimeout(), options.attrTimeout());
    }
}
