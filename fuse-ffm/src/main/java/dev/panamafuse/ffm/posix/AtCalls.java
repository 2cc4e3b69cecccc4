package dev.panamafuse.ffm.posix;

import static dev.panamafuse.ffm.posix.LibcCall.CAPTURE_ERRNO;
import static dev.panamafuse.ffm.posix.LibcCall.at;
import static dev.panamafuse.ffm.posix.LibcCall.cString;
import static dev.panamafuse.ffm.posix.LibcCall.checkNative;
import static dev.panamafuse.ffm.posix.LibcCall.direct;
import static dev.panamafuse.ffm.posix.LibcCall.downcall;
import static dev.panamafuse.ffm.posix.LibcCall.run;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.panamafuse.FileNames;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * The calls that name a file relative to a directory descriptor: {@code openat},
 * {@code openat2}, {@code statx}, {@code mkdirat}, {@code mknodat}, {@code unlinkat},
 * {@code renameat2}, {@code linkat}, {@code symlinkat}, {@code readlinkat}, {@code fchownat},
 * {@code fchmodat} and {@code utimensat}. A passthrough filesystem holds a descriptor per
 * directory and passes only single names to these calls, so no path is resolved twice and none
 * can walk out of the tree ({@link #openat2} with {@link OpenFlags#RESOLVE_BENEATH} enforces it
 * in the kernel).
 *
 * <p>Paths and names are Java strings encoded with {@link FileNames#encode} (UTF-8, with the
 * escaped bytes of non-UTF-8 names restored), so a name a filesystem received is passed back byte
 * for byte; they must not contain NUL ({@link IllegalArgumentException}). Every failure is a
 * {@link LibcException} naming the call, the directory descriptor, the path and the errno, e.g.
 * {@code openat2(5, "a/../b") failed: EXDEV (Invalid cross-device link)}. A descriptor these
 * calls return belongs to the caller, who closes it ({@link DescriptorCalls#close}); the
 * directory descriptors passed in stay the caller's and stay open. The {@code String} forms
 * allocate the C path in a confined arena per call; the {@link MemorySegment} forms take an
 * encoded, NUL-terminated path and allocate nothing.
 */
public final class AtCalls {

    /** {@code AT_FDCWD}: the path is relative to the working directory. */
    public static final int AT_FDCWD = -100;
    /** {@code AT_SYMLINK_NOFOLLOW}: act on a symbolic link itself. */
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** {@code AT_EMPTY_PATH}: an empty path means the descriptor itself. */
    public static final int AT_EMPTY_PATH = 0x1000;

    /** {@code UTIME_NOW} in a {@code tv_nsec}: the current time. */
    public static final long UTIME_NOW = (1L << 30) - 1;
    /** {@code UTIME_OMIT} in a {@code tv_nsec}: leave the time unchanged. */
    public static final long UTIME_OMIT = (1L << 30) - 2;

    /** The number of {@code openat2} in {@code syscall(2)}, the same on x86_64 and aarch64. */
    static final long SYS_OPENAT2 = 437;

    /**
     * {@code struct open_how} (24 bytes): {@code flags} 0, {@code mode} 8, {@code resolve} 16.
     */
    public static final StructLayout OPEN_HOW = MemoryLayout.structLayout(
            JAVA_LONG.withName("flags"), JAVA_LONG.withName("mode"), JAVA_LONG.withName("resolve"))
            .withName("open_how");

    private static final MethodHandle OPENAT = downcall("openat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(3));
    private static final MethodHandle SYSCALL4 = downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(1));
    private static final MethodHandle STATX = downcall("statx",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle READLINKAT = downcall("readlinkat",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle FCHOWNAT = downcall("fchownat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle FCHMODAT = downcall("fchmodat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle UTIMENSAT = downcall("utimensat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), CAPTURE_ERRNO);

    private static final int PATH_MAX = 4096;

    private AtCalls() {
    }

    /**
     * {@code openat(dirfd, path, flags, mode)}: opens (or with {@link OpenFlags#O_CREAT} creates)
     * the file at {@code path}.
     *
     * @param dirfd a directory descriptor or {@link #AT_FDCWD}
     * @param path  the path
     * @param flags {@code O_*} flags of {@link OpenFlags}
     * @param mode  permissions when the call creates a file (the umask applies)
     * @return the new descriptor, the caller's to close
     * @throws LibcException if the call fails ({@code ENOENT}, {@code EACCES}, {@code ELOOP} with
     *                       {@link OpenFlags#O_NOFOLLOW} on a link, {@code EEXIST} with
     *                       {@link OpenFlags#O_EXCL}, ...)
     */
    public static int openat(int dirfd, String path, int flags, int mode) throws LibcException {
        return (int) run("openat", () -> at(dirfd, path),
                (cs, a) -> (int) OPENAT.invokeExact(cs, dirfd, cString(a, path), flags, mode));
    }

    /**
     * {@code openat(dirfd, path, flags, mode)} with an encoded path, allocating nothing.
     *
     * @param dirfd a directory descriptor or {@link #AT_FDCWD}
     * @param path  a native NUL-terminated path, e.g. from {@link LibcCall#cString}
     * @param flags {@code O_*} flags of {@link OpenFlags}
     * @param mode  permissions when the call creates a file
     * @return the new descriptor, the caller's to close
     * @throws LibcException if the call fails
     */
    public static int openat(int dirfd, MemorySegment path, int flags, int mode) throws LibcException {
        checkNative(path, false, "path");
        MemorySegment cs = LibcCall.threadCallState();
        try {
            int fd = (int) OPENAT.invokeExact(cs, dirfd, path, flags, mode);
            return (int) LibcCall.checkAt("openat", dirfd, path, fd, cs);
        } catch (Throwable t) {
            throw LibcCall.rethrow(t);
        }
    }

    /**
     * {@code openat2(dirfd, path, &how, sizeof how)} through {@code syscall(2)} (glibc has no
     * wrapper before 2.39): {@link #openat} with resolve rules checked by the kernel during the
     * walk. With {@link OpenFlags#RESOLVE_BENEATH} a path that would leave {@code dirfd} ("..",
     * an absolute path or a symbolic link pointing out) fails with {@code EXDEV}; with
     * {@link OpenFlags#RESOLVE_NO_SYMLINKS} any symbolic link on the way fails with
     * {@code ELOOP}. Kernels before 5.6 fail with {@code ENOSYS}.
     *
     * @param dirfd   a directory descriptor or {@link #AT_FDCWD}
     * @param path    the path
     * @param flags   {@code O_*} flags of {@link OpenFlags}
     * @param mode    permissions when the call creates a file (0 otherwise: the kernel insists)
     * @param resolve {@code RESOLVE_*} flags of {@link OpenFlags}
     * @return the new descriptor, the caller's to close
     * @throws LibcException if the call fails ({@code EXDEV}, {@code ELOOP}, {@code EINVAL} for
     *                       unknown flags or a mode without {@code O_CREAT}, ...)
     */
    public static int openat2(int dirfd, String path, long flags, long mode, long resolve) throws LibcException {
        return (int) run("openat2", () -> at(dirfd, path), (cs, a) -> {
            MemorySegment how = a.allocate(OPEN_HOW);
            how.set(JAVA_LONG, 0, flags);
            how.set(JAVA_LONG, 8, mode);
            how.set(JAVA_LONG, 16, resolve);
            return (long) SYSCALL4.invokeExact(cs, SYS_OPENAT2, (long) dirfd, cString(a, path), how,
                    OPEN_HOW.byteSize());
        });
    }

    /** Each thread's {@code struct statx} for {@link #statx(int, String, int, int)}. */
    private static final ThreadLocal<MemorySegment> STATX_BUFFERS =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(StatxResult.LAYOUT));

    /**
     * {@code statx(dirfd, path, flags, mask)} as a typed result; with an empty path and
     * {@link #AT_EMPTY_PATH} it describes {@code dirfd} itself (then no native memory is
     * allocated: the getattr path of a passthrough filesystem).
     *
     * @param dirfd a directory descriptor, {@link #AT_FDCWD}, or the file itself with an empty
     *              path and {@link #AT_EMPTY_PATH}
     * @param path  the path, or ""
     * @param flags {@link #AT_SYMLINK_NOFOLLOW}, {@link #AT_EMPTY_PATH} or 0
     * @param mask  the {@code STATX_*} fields wanted, e.g. {@link StatxResult#STATX_BASIC_STATS}
     * @return what the kernel filled in ({@link StatxResult#mask()} says which fields)
     * @throws LibcException if the call fails ({@code ENOENT}, {@code EBADF}, ...)
     */
    public static StatxResult statx(int dirfd, String path, int flags, int mask) throws LibcException {
        MemorySegment buf = STATX_BUFFERS.get();
        statx(dirfd, path, flags, mask, buf);
        return StatxResult.read(buf);
    }

    /**
     * {@code statx(dirfd, path, flags, mask, buf)} into the caller's buffer (read it with
     * {@link StatxResult#read}); with an empty path it allocates nothing.
     *
     * @param dirfd a directory descriptor, {@link #AT_FDCWD}, or the file itself with an empty
     *              path and {@link #AT_EMPTY_PATH}
     * @param path  the path, or ""
     * @param flags {@code AT_*} flags
     * @param mask  {@code STATX_*} fields wanted
     * @param buf   a native segment of at least {@link StatxResult#LAYOUT} size, filled by the call
     * @throws LibcException if the call fails
     */
    public static void statx(int dirfd, String path, int flags, int mask, MemorySegment buf) throws LibcException {
        checkStatxBuffer(buf);
        if (path.isEmpty()) {
            direct("statx", dirfd, cs -> (int) STATX.invokeExact(cs, dirfd, LibcCall.EMPTY, flags, mask, buf));
            return;
        }
        run("statx", () -> at(dirfd, path),
                (cs, a) -> (int) STATX.invokeExact(cs, dirfd, cString(a, path), flags, mask, buf));
    }

    /**
     * {@code statx(dirfd, path, flags, mask, buf)} with an encoded path, allocating nothing.
     *
     * @param dirfd a directory descriptor or {@link #AT_FDCWD}
     * @param path  a native NUL-terminated path
     * @param flags {@code AT_*} flags
     * @param mask  {@code STATX_*} fields wanted
     * @param buf   a native segment of at least {@link StatxResult#LAYOUT} size, filled by the call
     * @throws LibcException if the call fails
     */
    public static void statx(int dirfd, MemorySegment path, int flags, int mask, MemorySegment buf)
            throws LibcException {
        checkNative(path, false, "path");
        checkStatxBuffer(buf);
        MemorySegment cs = LibcCall.threadCallState();
        try {
            int r = (int) STATX.invokeExact(cs, dirfd, path, flags, mask, buf);
            LibcCall.checkAt("statx", dirfd, path, r, cs);
        } catch (Throwable t) {
            throw LibcCall.rethrow(t);
        }
    }

    private static void checkStatxBuffer(MemorySegment buf) {
        checkNative(buf, true, "buf");
        if (buf.byteSize() < StatxResult.LAYOUT.byteSize()) {
            throw new IllegalArgumentException("a statx buffer needs " + StatxResult.LAYOUT.byteSize() + " bytes");
        }
    }

    /**
     * {@code readlinkat(dirfd, path, buf, PATH_MAX)}.
     *
     * @param dirfd a directory, or the link itself (an {@code O_PATH} descriptor) with an empty path
     * @param path  the link's path, or ""
     * @return the target, decoded with {@link FileNames#decode}
     * @throws LibcException if the call fails ({@code EINVAL}: not a link)
     */
    public static String readlinkat(int dirfd, String path) throws LibcException {
        byte[][] out = new byte[1][];
        run("readlinkat", () -> at(dirfd, path), (cs, a) -> {
            MemorySegment buf = a.allocate(PATH_MAX);
            long n = (long) READLINKAT.invokeExact(cs, dirfd, cString(a, path), buf, (long) PATH_MAX);
            if (n >= 0) {
                out[0] = buf.asSlice(0, n).toArray(JAVA_BYTE);
            }
            return n;
        });
        return FileNames.decode(out[0]);
    }

    /**
     * {@code fchownat(dirfd, path, uid, gid, flags)}; -1 leaves an id unchanged.
     *
     * @param dirfd a directory, or the file itself with an empty path and {@link #AT_EMPTY_PATH}
     * @param path  the path, or ""
     * @param uid   the new owner, or -1
     * @param gid   the new group, or -1
     * @param flags {@link #AT_SYMLINK_NOFOLLOW}, {@link #AT_EMPTY_PATH} or 0
     * @throws LibcException if the call fails
     */
    public static void fchownat(int dirfd, String path, int uid, int gid, int flags) throws LibcException {
        run("fchownat", () -> at(dirfd, path),
                (cs, a) -> (int) FCHOWNAT.invokeExact(cs, dirfd, cString(a, path), uid, gid, flags));
    }

    /**
     * {@code fchmodat(dirfd, path, mode, flags)}.
     *
     * @param dirfd a directory or {@link #AT_FDCWD}
     * @param path  the path
     * @param mode  the new permission bits
     * @param flags 0 (glibc emulates {@link #AT_SYMLINK_NOFOLLOW} and refuses links)
     * @throws LibcException if the call fails
     */
    public static void fchmodat(int dirfd, String path, int mode, int flags) throws LibcException {
        run("fchmodat", () -> at(dirfd, path),
                (cs, a) -> (int) FCHMODAT.invokeExact(cs, dirfd, cString(a, path), mode, flags));
    }

    /**
     * {@code utimensat(dirfd, path, times, flags)}: nanoseconds may be {@link #UTIME_NOW} or
     * {@link #UTIME_OMIT}.
     *
     * @param dirfd     a directory, or the file itself with an empty path and {@link #AT_EMPTY_PATH}
     * @param path      the path, or ""
     * @param atimeSec  access time, seconds
     * @param atimeNsec access time, nanoseconds (or a {@code UTIME_*} value)
     * @param mtimeSec  modification time, seconds
     * @param mtimeNsec modification time, nanoseconds (or a {@code UTIME_*} value)
     * @param flags     {@link #AT_SYMLINK_NOFOLLOW}, {@link #AT_EMPTY_PATH} or 0
     * @throws LibcException if the call fails
     */
    public static void utimensat(int dirfd, String path, long atimeSec, long atimeNsec, long mtimeSec,
                                 long mtimeNsec, int flags) throws LibcException {
        run("utimensat", () -> at(dirfd, path), (cs, a) -> {
            MemorySegment times = a.allocate(JAVA_LONG, 4);
            times.setAtIndex(JAVA_LONG, 0, atimeSec);
            times.setAtIndex(JAVA_LONG, 1, atimeNsec);
            times.setAtIndex(JAVA_LONG, 2, mtimeSec);
            times.setAtIndex(JAVA_LONG, 3, mtimeNsec);
            return (int) UTIMENSAT.invokeExact(cs, dirfd, cString(a, path), times, flags);
        });
    }
}
