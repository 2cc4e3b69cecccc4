package dev.panamafuse.session;

import static dev.panamafuse.protocol.RequestStructs.FUSE_SETATTR_IN;
import static dev.panamafuse.protocol.Structs.offset;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.SetAttr;
import dev.panamafuse.codec.RequestFrame;
import java.time.Instant;

/**
 * Decodes {@code struct fuse_setattr_in} into a {@link SetAttr}. Values no kernel sends — a time
 * outside what {@link Instant} holds, a negative size — are answered {@code EINVAL} here, before
 * any handler sees them.
 */
final class SetAttrDecoder {
    private static final long VALID = offset(FUSE_SETATTR_IN, "valid");
    private static final long FH = offset(FUSE_SETATTR_IN, "fh");
    private static final long SIZE = offset(FUSE_SETATTR_IN, "size");
    private static final long LOCK_OWNER = offset(FUSE_SETATTR_IN, "lock_owner");
    private static final long ATIME = offset(FUSE_SETATTR_IN, "atime");
    private static final long MTIME = offset(FUSE_SETATTR_IN, "mtime");
    private static final long CTIME = offset(FUSE_SETATTR_IN, "ctime");
    private static final long ATIMENSEC = offset(FUSE_SETATTR_IN, "atimensec");
    private static final long MTIMENSEC = offset(FUSE_SETATTR_IN, "mtimensec");
    private static final long CTIMENSEC = offset(FUSE_SETATTR_IN, "ctimensec");
    private static final long MODE = offset(FUSE_SETATTR_IN, "mode");
    private static final long UID = offset(FUSE_SETATTR_IN, "uid");
    private static final long GID = offset(FUSE_SETATTR_IN, "gid");

    private SetAttrDecoder() {
    }

    static SetAttr decode(RequestFrame in) {
        long at = in.argument(FUSE_SETATTR_IN.byteSize());
        int valid = in.getInt(at + VALID);
        long size = in.getLong(at + SIZE);
        if ((valid & SetAttr.FATTR_SIZE) != 0 && size < 0) {
            throw new FuseException(Errno.EINVAL, "SETATTR with a negative size");
        }
        Instant atime = (valid & SetAttr.FATTR_ATIME) != 0 ? time(in, at + ATIME, at + ATIMENSEC) : null;
        Instant mtime = (valid & SetAttr.FATTR_MTIME) != 0 ? time(in, at + MTIME, at + MTIMENSEC) : null;
        Instant ctime = (valid & SetAttr.FATTR_CTIME) != 0 ? time(in, at + CTIME, at + CTIMENSEC) : null;
        return new SetAttr(valid, in.getLong(at + FH), size, in.getLong(at + LOCK_OWNER), atime,
                mtime, ctime, in.getInt(at + MODE), in.getInt(at + UID), in.getInt(at + GID));
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
