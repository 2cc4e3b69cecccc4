package dev.panamafuse.session.ops;

import static dev.panamafuse.protocol.RequestStructs.FUSE_ACCESS_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_GETATTR_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_SETATTR_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_STATX_IN;
import static dev.panamafuse.session.ops.RequestOffsets.ACCESS_IN_MASK;
import static dev.panamafuse.session.ops.RequestOffsets.GETATTR_IN_FH;
import static dev.panamafuse.session.ops.RequestOffsets.GETATTR_IN_GETATTR_FLAGS;
import static dev.panamafuse.session.ops.RequestOffsets.SETATTR_IN_ATIME;
import static dev.panamafuse.session.ops.RequestOffsets.SETATTR_IN_ATIMENSEC;
import static dev.panamafuse.session.ops.RequestOffsets.SETATTR_IN_CTIME;
import static dev.panamafuse.session.ops.RequestOffsets.SETATTR_IN_CTIMENSEC;
import static dev.panamafuse.session.ops.RequestOffsets.SETATTR_IN_FH;
import static dev.panamafuse.session.ops.RequestOffsets.SETATTR_IN_GID;
import static dev.panamafuse.session.ops.RequestOffsets.SETATTR_IN_LOCK_OWNER;
import static dev.panamafuse.session.ops.RequestOffsets.SETATTR_IN_MODE;
import static dev.panamafuse.session.ops.RequestOffsets.SETATTR_IN_MTIME;
import static dev.panamafuse.session.ops.RequestOffsets.SETATTR_IN_MTIMENSEC;
import static dev.panamafuse.session.ops.RequestOffsets.SETATTR_IN_SIZE;
import static dev.panamafuse.session.ops.RequestOffsets.SETATTR_IN_UID;
import static dev.panamafuse.session.ops.RequestOffsets.SETATTR_IN_VALID;
import static dev.panamafuse.session.ops.RequestOffsets.STATX_IN_FH;
import static dev.panamafuse.session.ops.RequestOffsets.STATX_IN_GETATTR_FLAGS;
import static dev.panamafuse.session.ops.RequestOffsets.STATX_IN_SX_FLAGS;
import static dev.panamafuse.session.ops.RequestOffsets.STATX_IN_SX_MASK;

import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Request;
import dev.panamafuse.SetAttr;
import dev.panamafuse.codec.AttrEncoder;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.codec.StatxEncoder;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.OperationFlags;
import java.time.Instant;

/**
 * The attribute operations: {@code GETATTR} and {@code SETATTR} (answered with a
 * {@code fuse_attr_out}), {@code STATX} (a {@code fuse_statx_out}) and {@code ACCESS} (an empty
 * reply). Attributes are cached by the kernel for the mount's attribute timeout.
 *
 * @param fs the filesystem
 * @param options the mount's options (attribute timeout)
 */
public record AttrOps(FileSystem fs, MountOptions options) {
    /**
     * {@code GETATTR}: a {@code fuse_getattr_in} whose {@code fh} counts only with
     * {@code FUSE_GETATTR_FH} ({@link FileSystem#NO_FH} otherwise, and when the body is missing).
     * Allocates nothing beyond what the handler does.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean getattr(Request req, RequestFrame in, ReplyFrame out) {
        long fh = FileSystem.NO_FH;
        if (in.remaining() >= FUSE_GETATTR_IN.byteSize()) {
            long at = in.argument(FUSE_GETATTR_IN.byteSize());
            if ((in.getInt(at + GETATTR_IN_GETATTR_FLAGS) & OperationFlags.GETATTR_FH) != 0) {
                fh = in.getLong(at + GETATTR_IN_FH);
            }
        }
        AttrEncoder.attrOut(out, fs.getattr(req, req.nodeid(), fh), options.attrTimeout());
        return out.complete();
    }

    /**
     * {@code SETATTR}: a {@code fuse_setattr_in}, decoded into a {@link SetAttr}; the new
     * attributes are the reply.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     * @throws FuseException {@code EINVAL} for values no kernel sends (a negative size, a time
     *                       outside what {@link Instant} holds), before any handler sees them
     */
    public boolean setattr(Request req, RequestFrame in, ReplyFrame out) {
        AttrEncoder.attrOut(out, fs.setattr(req, req.nodeid(), setAttr(in)), options.attrTimeout());
        return out.complete();
    }

    /**
     * {@code STATX} (7.39): a {@code fuse_statx_in}; {@code fh} counts only with
     * {@code FUSE_GETATTR_FH}.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean statx(Request req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_STATX_IN.byteSize());
        long fh = (in.getInt(at + STATX_IN_GETATTR_FLAGS) & OperationFlags.GETATTR_FH) != 0
                ? in.getLong(at + STATX_IN_FH) : FileSystem.NO_FH;
        StatxEncoder.statxOut(out, fs.statx(req, req.nodeid(), fh, in.getInt(at + STATX_IN_SX_FLAGS),
                in.getInt(at + STATX_IN_SX_MASK)), options.attrTimeout());
        return out.complete();
    }

    /**
     * {@code ACCESS}: a {@code fuse_access_in} with the {@code access(2)} mask; an empty reply.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean access(Request req, RequestFrame in, ReplyFrame out) {
        fs.access(req, req.nodeid(), in.getInt(in.argument(FUSE_ACCESS_IN.byteSize()) + ACCESS_IN_MASK));
        return out.complete();
    }

    private static SetAttr setAttr(RequestFrame in) {
        long at = in.argument(FUSE_SETATTR_IN.byteSize());
        int valid = in.getInt(at + SETATTR_IN_VALID);
        long size = in.getLong(at + SETATTR_IN_SIZE);
        if ((valid & OperationFlags.FATTR_SIZE) != 0 && size < 0) {
            throw new FuseException(Errno.EINVAL, "SETATTR with a negative size");
        }
        Instant atime = (valid & OperationFlags.FATTR_ATIME) != 0
                ? time(in, at + SETATTR_IN_ATIME, at + SETATTR_IN_ATIMENSEC) : null;
        Instant mtime = (valid & OperationFlags.FATTR_MTIME) != 0
                ? time(in, at + SETATTR_IN_MTIME, at + SETATTR_IN_MTIMENSEC) : null;
        Instant ctime = (valid & OperationFlags.FATTR_CTIME) != 0
                ? time(in, at + SETATTR_IN_CTIME, at + SETATTR_IN_CTIMENSEC) : null;
        return new SetAttr(valid, in.getLong(at + SETATTR_IN_FH), size, in.getLong(at + SETATTR_IN_LOCK_OWNER),
                atime, mtime, ctime,
                in.getInt(at + SETATTR_IN_MODE), in.getInt(at + SETATTR_IN_UID), in.getInt(at + SETATTR_IN_GID));
    }

    private static Instant time(RequestFrame in, long sec, long nsec) {
        long seconds = in.getLong(sec);
        long nanos = Integer.toUnsignedLong(in.getInt(nsec));
        if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond() || nanos > 999_999_999L) {
            throw new FuseException(Errno.EINVAL, "SETATTR time out of range");
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
