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
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, o + offset(FUSE_STATX_OUT, "attr_valid"), timeout.getSeconds());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, o + offset(FUSE_STATX_OUT, "attr_valid_nsec"), timeout.getNano());
        long st = o + STAT;
        Attr a = sx.attr();
        int mask = sx.btime() == null ? sx.mask() & ~STATX_BTIME : sx.mask();
        putInt(s, st, "mask", mask);
        putInt(s, st, "blksize", a.blksize());
        putLong(s, st, "attributes", sx.attributes());
        putInt(s, st, "nlink", a.nlink());
        putInt(s, st, "uid", a.uid());
        putInt(s, st, "gid", a.gid());
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED, st + offset(FUSE_STATX, "mode"), (short) a.mode());
        putLong(s, st, "ino", a.ino());
        putLong(s, st, "size", a.size());
        putLong(s, st, "blocks", a.blocks());
        putLong(s, st, "attributes_mask", sx.attributesMask());
        time(s, st + offset(FUSE_STATX, "atime"), a.atime());
        if (sx.btime() != null) {
            time(s, st + offset(FUSE_STATX, "btime"), sx.btime());
        }
        time(s, st + offset(FUSE_STATX, "ctime"), a.ctime());
        time(s, st + offset(FUSE_STATX, "mtime"), a.mtime());
        putInt(s, st, "rdev_major", (a.rdev() & 0xfff00) >>> 8);
        putInt(s, st, "rdev_minor", (a.rdev() & 0xff) | ((a.rdev() >>> 12) & 0xfff00));
        out.finish();
        return true;
    }

    private static void putInt(MemorySegment s, long st, String field, int v) {
        s.set(ValueLayout.JAVA_INT_UNALIGNED, st + offset(FUSE_STATX, field), v);
    }

    private static void putLong(MemorySegment s, long st, String field, long v) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, st + offset(FUSE_STATX, field), v);
    }

    private static void time(MemorySegment s, long at, Instant t) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at, t.getEpochSecond());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + 8, t.getNano());
    }
}
