package dev.panamafuse.codec;

import static dev.panamafuse.protocol.ReplyStructs.FUSE_STATX;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_STATX_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_SX_TIME;
import static dev.panamafuse.protocol.StructFields.offset;

import dev.panamafuse.Attr;
import dev.panamafuse.FuseException;
import dev.panamafuse.Statx;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.time.Instant;

/**
 * Encodes a {@link Statx} into {@code struct fuse_statx_out}, the reply to {@code FUSE_STATX}
 * (7.39): the attribute timeout, then a {@code fuse_statx} in the {@code statx(2)} ABI, with the
 * device number split into major and minor as {@code statx(2)} does.
 */
public final class StatxEncoder {
    private static final long STAT = offset(FUSE_STATX_OUT, "stat");
    private static final long OUT_VALID = offset(FUSE_STATX_OUT, "attr_valid");
    private static final long OUT_VALID_NSEC = offset(FUSE_STATX_OUT, "attr_valid_nsec");
    private static final long ATIME = offset(FUSE_STATX, "atime");
    private static final long ATTRIBUTES = offset(FUSE_STATX, "attributes");
    private static final long ATTRIBUTES_MASK = offset(FUSE_STATX, "attributes_mask");
    private static final long BLKSIZE = offset(FUSE_STATX, "blksize");
    private static final long BLOCKS = offset(FUSE_STATX, "blocks");
    private static final long BTIME = offset(FUSE_STATX, "btime");
    private static final long CTIME = offset(FUSE_STATX, "ctime");
    private static final long GID = offset(FUSE_STATX, "gid");
    private static final long INO = offset(FUSE_STATX, "ino");
    private static final long MASK = offset(FUSE_STATX, "mask");
    private static final long MODE = offset(FUSE_STATX, "mode");
    private static final long MTIME = offset(FUSE_STATX, "mtime");
    private static final long NLINK = offset(FUSE_STATX, "nlink");
    private static final long RDEV_MAJOR = offset(FUSE_STATX, "rdev_major");
    private static final long RDEV_MINOR = offset(FUSE_STATX, "rdev_minor");
    private static final long SIZE = offset(FUSE_STATX, "size");
    private static final long UID = offset(FUSE_STATX, "uid");
    private static final long TV_SEC = offset(FUSE_SX_TIME, "tv_sec");
    private static final long TV_NSEC = offset(FUSE_SX_TIME, "tv_nsec");
    /** {@code STATX_BTIME} of {@code statx(2)}: cleared from the mask when there is no birth time. */
    private static final int STATX_BTIME = 0x800;

    private StatxEncoder() {
    }

    /**
     * Appends a {@code fuse_statx_out} to a reply.
     *
     * @param out     the reply, begun
     * @param sx      the handler's answer
     * @param timeout how long the kernel may cache it
     * @throws FuseException {@code EIO} if {@code sx} is null (a handler bug)
     */
    public static void statxOut(ReplyFrame out, Statx sx, Duration timeout) {
        long o = out.reserveAnswer(sx, FUSE_STATX_OUT, "Statx");
        MemorySegment s = out.buffer();
        putLong(s, o + OUT_VALID, timeout.getSeconds());
        putInt(s, o + OUT_VALID_NSEC, timeout.getNano());
        long st = o + STAT;
        Attr a = sx.attr();
        putInt(s, st + MASK, sx.btime() == null ? sx.mask() & ~STATX_BTIME : sx.mask());
        putInt(s, st + BLKSIZE, a.blksize());
        putLong(s, st + ATTRIBUTES, sx.attributes());
        putInt(s, st + NLINK, a.nlink());
        putInt(s, st + UID, a.uid());
        putInt(s, st + GID, a.gid());
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED, st + MODE, (short) a.mode());
        putLong(s, st + INO, a.ino());
        putLong(s, st + SIZE, a.size());
        putLong(s, st + BLOCKS, a.blocks());
        putLong(s, st + ATTRIBUTES_MASK, sx.attributesMask());
        time(s, st + ATIME, a.atime());
        if (sx.btime() != null) {
            time(s, st + BTIME, sx.btime());
        }
        time(s, st + CTIME, a.ctime());
        time(s, st + MTIME, a.mtime());
        putInt(s, st + RDEV_MAJOR, (a.rdev() & 0xfff00) >>> 8);
        putInt(s, st + RDEV_MINOR, (a.rdev() & 0xff) | ((a.rdev() >>> 12) & 0xfff00));
    }

    private static void putInt(MemorySegment s, long at, int v) {
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at, v);
    }

    private static void putLong(MemorySegment s, long at, long v) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at, v);
    }

    private static void time(MemorySegment s, long at, Instant t) {
        putLong(s, at + TV_SEC, t.getEpochSecond());
        putInt(s, at + TV_NSEC, t.getNano());
    }
}
