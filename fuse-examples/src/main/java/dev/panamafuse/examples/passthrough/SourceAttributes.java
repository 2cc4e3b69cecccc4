package dev.panamafuse.examples.passthrough;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.panamafuse.Attr;
import dev.panamafuse.StatFs;
import dev.panamafuse.Statx;
import dev.panamafuse.ffm.posix.AtCalls;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.StatxResult;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Reads the attributes of a source file through {@code statx(2)} on its descriptor and turns
 * them into the records of the FUSE API ({@link Attr}, {@link Statx}, {@link StatFs}).
 */
final class SourceAttributes {
    /** {@code statx} of the descriptor itself, never following a symbolic link. */
    static final int SELF = AtCalls.AT_EMPTY_PATH | AtCalls.AT_SYMLINK_NOFOLLOW;

    private SourceAttributes() {
    }

    /** What {@code statx} says of what {@code fd} names (no native allocation). */
    static StatxResult statx(int fd, int flags, int mask) {
        return SourceCalls.call(() -> AtCalls.statx(fd, "", SELF | flags, mask));
    }

    /** The attributes of what {@code fd} names (the getattr path: no native allocation). */
    static Attr of(int fd) {
        return attr(statx(fd, 0, StatxResult.STATX_BASIC_STATS));
    }

    /**
     * What {@code statx} says of {@code path} relative to the directory {@code dirfd}, not
     * following a final symbolic link.
     */
    static StatxResult statxAt(int dirfd, String path) throws LibcException {
        return AtCalls.statx(dirfd, path, AtCalls.AT_SYMLINK_NOFOLLOW, StatxResult.STATX_BASIC_STATS);
    }

    /** Whether {@code fd} names the file {@code (dev, ino)}. */
    static boolean isFile(int fd, long dev, long ino) {
        StatxResult s = statx(fd, 0, StatxResult.STATX_BASIC_STATS);
        return s.ino() == ino && s.dev() == dev;
    }

    /** Converts a {@code statx} result. */
    static Attr attr(StatxResult s) {
        int rdev = encodeDev(s.rdevMajor(), s.rdevMinor());
        return new Attr(s.ino(), s.mode(), s.nlink(), s.uid(), s.gid(), rdev, s.size(), s.blocks(), s.blksize(),
                s.atime(), s.mtime(), s.ctime(), 0);
    }

    /** The FUSE_STATX answer for what {@code fd} names. */
    static Statx statxOf(int fd, int flags, int mask) {
        StatxResult s = statx(fd, flags, mask | StatxResult.STATX_BASIC_STATS);
        return new Statx(attr(s), s.mask(), s.hasBtime() ? s.btime() : null, s.attributes(), s.attributesMask());
    }

    /** {@code fstatfs(2)} of the file system holding what {@code fd} names. */
    static StatFs statfs(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment b = arena.allocate(DescriptorCalls.STATFS);
            SourceCalls.run(() -> DescriptorCalls.fstatfs(fd, b));
            return new StatFs(b.get(JAVA_LONG, 16), b.get(JAVA_LONG, 24), b.get(JAVA_LONG, 32),
                    b.get(JAVA_LONG, 40), b.get(JAVA_LONG, 48), (int) b.get(JAVA_LONG, 8),
                    (int) b.get(JAVA_LONG, 64), (int) b.get(JAVA_LONG, 72));
        }
    }

    /**
     * The kernel's 32-bit device encoding ({@code new_encode_dev}), which FUSE uses for
     * {@code rdev} both ways: minor's low byte, major, then minor's upper bits.
     */
    static int encodeDev(int major, int minor) {
        return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12);
    }
}
