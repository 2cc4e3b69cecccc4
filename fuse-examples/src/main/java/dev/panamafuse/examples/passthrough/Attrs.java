package dev.panamafuse.examples.passthrough;

import static dev.panamafuse.ffm.internal.StatxStruct.ATIME;
import static dev.panamafuse.ffm.internal.StatxStruct.BTIME;
import static dev.panamafuse.ffm.internal.StatxStruct.CTIME;
import static dev.panamafuse.ffm.internal.StatxStruct.MTIME;

import dev.panamafuse.Attr;
import dev.panamafuse.StatFs;
import dev.panamafuse.Statx;
import dev.panamafuse.ffm.internal.LibcAt;
import dev.panamafuse.ffm.internal.LibcException;
import dev.panamafuse.ffm.internal.LibcFiles;
import dev.panamafuse.ffm.internal.StatxStruct;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Instant;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Reads the attributes of a source file through {@code statx(2)} on its descriptor and turns
 * them into the records of the FUSE API ({@link Attr}, {@link Statx}, {@link StatFs}).
 */
final class Attrs {
    /** {@code statx} of the descriptor itself, never following a symbolic link. */
    static final int SELF = LibcAt.AT_EMPTY_PATH | LibcAt.AT_SYMLINK_NOFOLLOW;
    private static final int STATX_BTIME = LibcAt.STATX_BTIME;

    private Attrs() {
    }

    /** The raw {@code struct statx} of what {@code fd} names, in {@code arena}. */
    static MemorySegment statx(Arena arena, int fd, int flags, int mask) {
        MemorySegment buf = arena.allocate(StatxStruct.LAYOUT);
        Sys.run(() -> LibcAt.statx(fd, "", SELF | flags, mask, buf));
        return buf;
    }

    /** Each thread's {@code struct statx} for {@link #of}, read into a record before the next call. */
    private static final ThreadLocal<MemorySegment> BUFFERS =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(StatxStruct.LAYOUT));

    /** The attributes of what {@code fd} names (the getattr path: no native allocation). */
    static Attr of(int fd) {
        MemorySegment buf = BUFFERS.get();
        Sys.run(() -> LibcAt.statx(fd, "", SELF, LibcAt.STATX_BASIC_STATS, buf));
        return attr(buf);
    }

    /**
     * This thread's {@code struct statx} filled for {@code path} relative to the directory
     * {@code dirfd}, not following a final symbolic link; read it before the next call.
     */
    static MemorySegment statxAt(int dirfd, String path) throws LibcException {
        MemorySegment buf = BUFFERS.get();
        LibcAt.statx(dirfd, path, LibcAt.AT_SYMLINK_NOFOLLOW, LibcAt.STATX_BASIC_STATS, buf);
        return buf;
    }

    /** Whether {@code fd} names the file {@code (dev, ino)} (no native allocation). */
    static boolean isFile(int fd, long dev, long ino) {
        MemorySegment buf = BUFFERS.get();
        Sys.run(() -> LibcAt.statx(fd, "", SELF, LibcAt.STATX_BASIC_STATS, buf));
        return StatxStruct.ino(buf) == ino && StatxStruct.dev(buf) == dev;
    }

    /** Converts a {@code struct statx}. */
    static Attr attr(MemorySegment s) {
        int rdev = encodeDev(StatxStruct.rdevMajor(s), StatxStruct.rdevMinor(s));
        return new Attr(StatxStruct.ino(s), StatxStruct.mode(s), StatxStruct.nlink(s), StatxStruct.uid(s),
                StatxStruct.gid(s), rdev, StatxStruct.size(s), StatxStruct.blocks(s), StatxStruct.blksize(s),
                time(s, ATIME), time(s, MTIME), time(s, CTIME), 0);
    }

    /** The FUSE_STATX answer for what {@code fd} names. */
    static Statx statxOf(int fd, int flags, int mask) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = statx(arena, fd, flags, mask | LibcAt.STATX_BASIC_STATS);
            int got = StatxStruct.mask(s);
            Instant btime = (got & STATX_BTIME) != 0 ? time(s, BTIME) : null;
            return new Statx(attr(s), got, btime, StatxStruct.attributes(s), StatxStruct.attributesMask(s));
        }
    }

    /** {@code fstatfs(2)} of the file system holding what {@code fd} names. */
    static StatFs statfs(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment b = arena.allocate(LibcFiles.STATFS);
            Sys.run(() -> LibcFiles.fstatfs(fd, b));
            return new StatFs(b.get(JAVA_LONG, 16), b.get(JAVA_LONG, 24), b.get(JAVA_LONG, 32),
                    b.get(JAVA_LONG, 40), b.get(JAVA_LONG, 48), (int) b.get(JAVA_LONG, 8),
                    (int) b.get(JAVA_LONG, 64), (int) b.get(JAVA_LONG, 72));
        }
    }

    private static Instant time(MemorySegment s, long offset) {
        return Instant.ofEpochSecond(StatxStruct.seconds(s, offset), StatxStruct.nanos(s, offset));
    }

    /**
     * The kernel's 32-bit device encoding ({@code new_encode_dev}), which FUSE uses for
     * {@code rdev} both ways: minor's low byte, major, then minor's upper bits.
     */
    static int encodeDev(int major, int minor) {
        return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12);
    }
}
