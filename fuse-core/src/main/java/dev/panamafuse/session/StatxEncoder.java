package dev.panamafuse.session;

import static dev.panamafuse.protocol.ReplyStructs.FUSE_STATX_OUT;
import static dev.panamafuse.protocol.RequestStructs.FUSE_STATX_IN;
import static dev.panamafuse.protocol.Structs.FUSE_STATX;
import static dev.panamafuse.protocol.Structs.offset;

import dev.panamafuse.Attr;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Request;
import dev.panamafuse.Statx;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.protocol.Flags;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.time.Instant;

/** Decodes {@code fuse_statx_in}, calls {@link FileSystem#statx} and encodes {@code fuse_statx_out}. */
final class StatxEncoder {
    private static final long IN_FLAGS = offset(FUSE_STATX_IN, "getattr_flags");
    private static final long IN_FH = offset(FUSE_STATX_IN, "fh");
    private static final long IN_SX_FLAGS = offset(FUSE_STATX_IN, "sx_flags");
    private static final long IN_SX_MASK = offset(FUSE_STATX_IN, "sx_mask");
    private static final long STAT = offset(FUSE_STATX_OUT, "stat");
    private static final long OUT_VALID = offset(FUSE_STATX_OUT, "attr_valid");
    private static final long OUT_VALID_NSEC = offset(FUSE_STATX_OUT, "attr_valid_nsec");
    private static final long SX_ATIME = offset(FUSE_STATX, "atime");
    private static final long SX_ATTRIBUTES = offset(FUSE_STATX, "attributes");
    private static final long SX_ATTRIBUTES_MASK = offset(FUSE_STATX, "attributes_mask");
    private static final long SX_BLKSIZE = offset(FUSE_STATX, "blksize");
    private static final long SX_BLOCKS = offset(FUSE_STATX, "blocks");
    private static final long SX_BTIME = offset(FUSE_STATX, "btime");
    private static final long SX_CTIME = offset(FUSE_STATX, "ctime");
    private static final long SX_GID = offset(FUSE_STATX, "gid");
    private static final long SX_INO = offset(FUSE_STATX, "ino");
    private static final long SX_MASK = offset(FUSE_STATX, "mask");
    private static final long SX_MODE = offset(FUSE_STATX, "mode");
    private static final long SX_MTIME = offset(FUSE_STATX, "mtime");
    private static final long SX_NLINK = offset(FUSE_STATX, "nlink");
    private static final long SX_RDEV_MAJOR = offset(FUSE_STATX, "rdev_major");
    private static final long SX_RDEV_MINOR = offset(FUSE_STATX, "rdev_minor");
    private static final long SX_SIZE = offset(FUSE_STATX, "size");
    private static final long SX_UID = offset(FUSE_STATX, "uid");
    private static final int STATX_BTIME = 0x800;

    private StatxEncoder() {
    }

    static boolean reply(FileSystem fs, Request req, RequestFrame in, ReplyFrame out, Duration timeout) {
        long at = in.argument(FUSE_STATX_IN.byteSize());
        long fh = (in.getInt(at + IN_FLAGS) & Flags.GETATTR_FH) != 0 ? in.getLong(at + IN_FH) : FileSystem.NO_FH;
        Statx sx = fs.statx(req, req.nodeid(), fh, in.getInt(at + IN_SX_FLAGS), in.getInt(at + IN_SX_MASK));
        if (sx == null) {
            throw new FuseException(Errno.EIO, "statx returned null");
        }
        long o = out.reserve(FUSE_STATX_OUT.byteSize());
        MemorySegment s = out.buffer();
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, o + OUT_VALID, timeout.getSeconds());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, o + OUT_VALID_NSEC, timeout.getNano());
        long st = o + STAT;
        Attr a = sx.attr();
        int mask = sx.btime() == null ? sx.mask() & ~STATX_BTIME : sx.mask();
        putInt(s, st + SX_MASK, mask);
        putInt(s, st + SX_BLKSIZE, a.blksize());
        putLong(s, st + SX_ATTRIBUTES, sx.attributes());
        putInt(s, st + SX_NLINK, a.nlink());
        putInt(s, st + SX_UID, a.uid());
        putInt(s, st + SX_GID, a.gid());
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED, st + SX_MODE, (short) a.mode());
        putLong(s, st + SX_INO, a.ino());
        putLong(s, st + SX_SIZE, a.size());
        putLong(s, st + SX_BLOCKS, a.blocks());
        putLong(s, st + SX_ATTRIBUTES_MASK, sx.attributesMask());
        time(s, st + SX_ATIME, a.atime());
        if (sx.btime() != null) {
            time(s, st + SX_BTIME, sx.btime());
        }
        time(s, st + SX_CTIME, a.ctime());
        time(s, st + SX_MTIME, a.mtime());
        putInt(s, st + SX_RDEV_MAJOR, (a.rdev() & 0xfff00) >>> 8);
        putInt(s, st + SX_RDEV_MINOR, (a.rdev() & 0xff) | ((a.rdev() >>> 12) & 0xfff00));
        out.finish();
        return true;
    }

    private static void putInt(MemorySegment s, long at, int v) {
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at, v);
    }

    private static void putLong(MemorySegment s, long at, long v) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at, v);
    }

    private static void time(MemorySegment s, long at, Instant t) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at, t.getEpochSecond());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + 8, t.getNano());
    }
}
