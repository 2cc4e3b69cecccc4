package dev.panamafuse.codec;

import static dev.panamafuse.codec.ReplyOffsets.STATX_ATIME;
import static dev.panamafuse.codec.ReplyOffsets.STATX_ATTRIBUTES;
import static dev.panamafuse.codec.ReplyOffsets.STATX_ATTRIBUTES_MASK;
import static dev.panamafuse.codec.ReplyOffsets.STATX_BLKSIZE;
import static dev.panamafuse.codec.ReplyOffsets.STATX_BLOCKS;
import static dev.panamafuse.codec.ReplyOffsets.STATX_BTIME;
import static dev.panamafuse.codec.ReplyOffsets.STATX_CTIME;
import static dev.panamafuse.codec.ReplyOffsets.STATX_GID;
import static dev.panamafuse.codec.ReplyOffsets.STATX_INO;
import static dev.panamafuse.codec.ReplyOffsets.STATX_MASK;
import static dev.panamafuse.codec.ReplyOffsets.STATX_MODE;
import static dev.panamafuse.codec.ReplyOffsets.STATX_MTIME;
import static dev.panamafuse.codec.ReplyOffsets.STATX_NLINK;
import static dev.panamafuse.codec.ReplyOffsets.STATX_OUT_ATTR_VALID;
import static dev.panamafuse.codec.ReplyOffsets.STATX_OUT_ATTR_VALID_NSEC;
import static dev.panamafuse.codec.ReplyOffsets.STATX_OUT_STAT;
import static dev.panamafuse.codec.ReplyOffsets.STATX_RDEV_MAJOR;
import static dev.panamafuse.codec.ReplyOffsets.STATX_RDEV_MINOR;
import static dev.panamafuse.codec.ReplyOffsets.STATX_SIZE;
import static dev.panamafuse.codec.ReplyOffsets.STATX_UID;
import static dev.panamafuse.codec.ReplyOffsets.SX_TIME_TV_NSEC;
import static dev.panamafuse.codec.ReplyOffsets.SX_TIME_TV_SEC;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_STATX;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_STATX_OUT;

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
    /** {@code STATX_BTIME} of {@code statx(2)}: cleared from the mask when there is no birth time. */
    private static final int MASK_BTIME = 0x800;

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
        putLong(s, o + STATX_OUT_ATTR_VALID, timeout.getSeconds());
        putInt(s, o + STATX_OUT_ATTR_VALID_NSEC, timeout.getNano());
        long st = o + STATX_OUT_STAT;
        Attr a = sx.attr();
        putInt(s, st + STATX_MASK, sx.btime() == null ? sx.mask() & ~MASK_BTIME : sx.mask());
        putInt(s, st + STATX_BLKSIZE, a.blksize());
        putLong(s, st + STATX_ATTRIBUTES, sx.attributes());
        putInt(s, st + STATX_NLINK, a.nlink());
        putInt(s, st + STATX_UID, a.uid());
        putInt(s, st + STATX_GID, a.gid());
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED, st + STATX_MODE, (short) a.mode());
        putLong(s, st + STATX_INO, a.ino());
        putLong(s, st + STATX_SIZE, a.size());
        putLong(s, st + STATX_BLOCKS, a.blocks());
        putLong(s, st + STATX_ATTRIBUTES_MASK, sx.attributesMask());
        time(s, st + STATX_ATIME, a.atime());
        if (sx.btime() != null) {
            time(s, st + STATX_BTIME, sx.btime());
        }
        time(s, st + STATX_CTIME, a.ctime());
        time(s, st + STATX_MTIME, a.mtime());
        putInt(s, st + STATX_RDEV_MAJOR, (a.rdev() & 0xfff00) >>> 8);
        putInt(s, st + STATX_RDEV_MINOR, (a.rdev() & 0xff) | ((a.rdev() >>> 12) & 0xfff00));
    }

    private static void putInt(MemorySegment s, long at, int v) {
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at, v);
    }

    private static void putLong(MemorySegment s, long at, long v) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at, v);
    }

    private static void time(MemorySegment s, long at, Instant t) {
        putLong(s, at + SX_TIME_TV_SEC, t.getEpochSecond());
        putInt(s, at + SX_TIME_TV_NSEC, t.getNano());
    }
}
