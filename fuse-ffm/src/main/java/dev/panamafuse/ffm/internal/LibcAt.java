package dev.panamafuse.ffm.internal;

import static dev.panamafuse.ffm.internal.Libc.CAPTURE_ERRNO;
import static dev.panamafuse.ffm.internal.Libc.downcall;
import static dev.panamafuse.ffm.internal.LibcCall.at;
import static dev.panamafuse.ffm.internal.LibcCall.cString;
import static dev.panamafuse.ffm.internal.LibcCall.checkNative;
import static dev.panamafuse.ffm.internal.LibcCall.direct;
import static dev.panamafuse.ffm.internal.LibcCall.run;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.panamafuse.FileNames;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * The libc calls that work relative to a directory descriptor ({@code openat}, {@code openat2},
 * {@code statx}, {@code mkdirat}, {@code mknodat}, {@code unlinkat}, {@code renameat2},
 * {@code linkat}, {@code symlinkat}, {@code readlinkat}, {@code fchownat}, {@code fchmodat},
 * {@code utimensat}), in the style of {@link Libc}: one downcall per wrapper, errno captured per
 * call, -1 turned into a {@link LibcException}.
 *
 * <p>Paths and names are Java strings encoded with {@link FileNames#encode} (UTF-8, with the
 * escaped bytes of non-UTF-8 names restored), so a name a filesystem received is passed back byte
 * for byte. {@code openat2} has no glibc wrapper before 2.39 and is called through
 * {@code syscall(2)} (number 437 on x86_64 and aarch64).
 */
public final class LibcAt {

    /** {@code AT_FDCWD}: the path is relative to the working directory. */
    public static final int AT_FDCWD = -100;
    /** {@code AT_SYMLINK_NOFOLLOW}: act on a symbolic link itself. */
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** {@code AT_REMOVEDIR}: {@code unlinkat} removes a directory. */
    public static final int AT_REMOVEDIR = 0x200;
    /** {@code AT_SYMLINK_FOLLOW}: {@code linkat} follows a symbolic link. */
    public static final int AT_SYMLINK_FOLLOW = 0x400;
    /** {@code AT_EMPTY_PATH}: an empty path means the descriptor itself. */
    public static final int AT_EMPTY_PATH = 0x1000;

    /** {@code O_CREAT}. */
    public static final int O_CREAT = 0100;
    /** {@code O_EXCL}. */
    public static final int O_EXCL = 0200;
    /** {@code O_NOCTTY}. */
    public static final int O_NOCTTY = 0400;
    /** {@code O_TRUNC}. */
    public static final int O_TRUNC = 01000;
    /** {@code O_APPEND}. */
    public static final int O_APPEND = 02000;
    /** {@code O_DIRECT}. */
    public static final int O_DIRECT = 040000;
    /** {@code O_DIRECTORY}. */
    public static final int O_DIRECTORY = 0200000;
    /** {@code O_NOFOLLOW}. */
    public static final int O_NOFOLLOW = 0400000;
    /** {@code O_PATH}: a descriptor that only names a file. */
    public static final int O_PATH = 010000000;
    /** {@code O_TMPFILE} (with {@code O_DIRECTORY}): an unnamed file in a directory. */
    public static final int O_TMPFILE = 020200000;

    /** {@code RESOLVE_NO_XDEV}: do not cross mount points. */
    public static final long RESOLVE_NO_XDEV = 0x01;
    /** {@code RESOLVE_NO_MAGICLINKS}: refuse {@code /proc/self/fd}-style links. */
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    /** {@code RESOLVE_NO_SYMLINKS}: refuse every symbolic link. */
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    /** {@code RESOLVE_BENEATH}: refuse to leave the directory (no "..", absolute paths or links out). */
    public static final long RESOLVE_BENEATH = 0x08;

    /** {@code RENAME_NOREPLACE}. */
    public static final int RENAME_NOREPLACE = 1;
    /** {@code RENAME_EXCHANGE}. */
    public static final int RENAME_EXCHANGE = 2;

    /** {@code UTIME_NOW} in a {@code tv_nsec}: the current time. */
    public static final long UTIME_NOW = (1L << 30) - 1;
    /** {@code UTIME_OMIT} in a {@code tv_nsec}: leave the time unchanged. */
    public static final long UTIME_OMIT = (1L << 30) - 2;

    /** {@code STATX_BASIC_STATS}: every field {@code stat(2)} has. */
    public static final int STATX_BASIC_STATS = 0x7ff;
    /** {@code STATX_BTIME}: the creation time. */
    public static final int STATX_BTIME = 0x800;

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
    private static final MethodHandle MKDIRAT = downcall("mkdirat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle MKNODAT = downcall("mknodat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle UNLINKAT = downcall("unlinkat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle RENAMEAT2 = downcall("renameat2",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle LINKAT = downcall("linkat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle SYMLINKAT = downcall("symlinkat",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle READLINKAT = downcall("readlinkat",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle FCHOWNAT = downcall("fchownat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle FCHMODAT = downcall("fchmodat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle UTIMENSAT = downcall("utimensat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), CAPTURE_ERRNO);

    private static final int PATH_MAX = 4096;

    private LibcAt() {
    }

    /**
     * {@code openat(dirfd, path, flags, mode)}.
     *
     * @param dirfd a directory descriptor or {@link #AT_FDCWD}
     * @param path  the path
     * @param flags {@code O_*} flags
     * @param mode  permissions when the call creates a file
     * @return the new descriptor
     * @throws LibcException if the call fails
     */
    public static int openat(int dirfd, String path, int flags, int mode) throws LibcException {
        return (int) run("openat", () -> at(dirfd, path),
                (cs, a) -> (int) OPENAT.invokeExact(cs, dirfd, cString(a, path), flags, mode));
    }

    /**
     * {@code openat2(dirfd, path, &how, sizeof how)} through {@code syscall(2)}; fails with
     * {@code ENOSYS} on kernels before 5.6.
     *
     * @param dirfd   a directory descriptor or {@link #AT_FDCWD}
     * @param path    the path
     * @param flags   {@code O_*} flags
     * @param mode    permissions when the call creates a file (0 otherwise: the kernel insists)
     * @param resolve {@code RESOLVE_*} flags
     * @return the new descriptor
     * @throws LibcException if the call fails
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

    /**
     * {@code statx(dirfd, path, flags, mask, buf)}.
     *
     * @param dirfd a directory descriptor, {@link #AT_FDCWD}, or the file itself with an empty
     *              path and {@link #AT_EMPTY_PATH}
     * @param path  the path
     * @param flags {@code AT_*} flags
     * @param mask  {@code STATX_*} fields wanted
     * @param buf   a native segment of at least {@link StatxStruct#LAYOUT} size, filled by the call
     * @throws LibcException if the call fails
     */
    public static void statx(int dirfd, String path, int flags, int mask, MemorySegment buf) throws LibcException {
        checkNative(buf, true, "buf");
        if (buf.byteSize() < StatxStruct.LAYOUT.byteSize()) {
            throw new IllegalArgumentException("a statx buffer needs " + StatxStruct.LAYOUT.byteSize() + " bytes");
        }
        if (path.isEmpty()) {
            // statx of a descriptor (AT_EMPTY_PATH): the getattr path, no arena
            direct("statx", dirfd, cs -> (int) STATX.invokeExact(cs, dirfd, LibcCall.EMPTY, flags, mask, buf));
            return;
        }
        run("statx", () -> at(dirfd, path), (cs, a) -> (int) STATX.invokeExact(cs, dirfd, cString(a, path), flags, mask,
                buf));
    }

    /**
     * {@code mkdirat(dirfd, path, mode)}.
     *
     * @param dirfd a directory descriptor
     * @param path  the new directory's path
     * @param mode  its permissions (the umask applies)
     * @throws LibcException if the call fails
     */
    public static void mkdirat(int dirfd, String path, int mode) throws LibcException {
        run("mkdirat", () -> at(dirfd, path), (cs, a) -> (int) MKDIRAT.invokeExact(cs, dirfd, cString(a, path), mode));
    }

    /**
     * {@code mknodat(dirfd, path, mode, dev)}.
     *
     * @param dirfd a directory descriptor
     * @param path  the new node's path
     * @param mode  type and permissions
     * @param dev   the device number (the kernel's 32-bit encoding, as FUSE passes it)
     * @throws LibcException if the call fails
     */
    public static void mknodat(int dirfd, String path, int mode, int dev) throws LibcException {
        long device = Integer.toUnsignedLong(dev);
        run("mknodat", () -> at(dirfd, path),
                (cs, a) -> (int) MKNODAT.invokeExact(cs, dirfd, cString(a, path), mode, device));
    }

    /**
     * {@code unlinkat(dirfd, path, flags)}.
     *
     * @param dirfd a directory descriptor
     * @param path  the name to remove
     * @param flags {@link #AT_REMOVEDIR} or 0
     * @throws LibcException if the call fails
     */
    public static void unlinkat(int dirfd, String path, int flags) throws LibcException {
        run("unlinkat", () -> at(dirfd, path), (cs, a) -> (int) UNLINKAT.invokeExact(cs, dirfd, cString(a, path), flags));
    }

    /**
     * {@code renameat2(olddirfd, oldpath, newdirfd, newpath, flags)}.
     *
     * @param olddirfd the old directory
     * @param oldpath  the old name
     * @param newdirfd the new directory
     * @param newpath  the new name
     * @param flags    {@code RENAME_*} flags, passed through
     * @throws LibcException if the call fails
     */
    public static void renameat2(int olddirfd, String oldpath, int newdirfd, String newpath, int flags)
            throws LibcException {
        run("renameat2", () -> at(olddirfd, oldpath) + ", " + at(newdirfd, newpath), (cs, a) -> (int) RENAMEAT2.invokeExact(
                cs, olddirfd, cString(a, oldpath), newdirfd, cString(a, newpath), flags));
    }

    /**
     * {@code linkat(olddirfd, oldpath, newdirfd, newpath, flags)}.
     *
     * @param olddirfd the existing file's directory, or the file itself with {@link #AT_EMPTY_PATH}
     * @param oldpath  the existing path (empty with {@link #AT_EMPTY_PATH})
     * @param newdirfd the new name's directory
     * @param newpath  the new name
     * @param flags    {@link #AT_EMPTY_PATH}, {@link #AT_SYMLINK_FOLLOW} or 0
     * @throws LibcException if the call fails
     */
    public static void linkat(int olddirfd, String oldpath, int newdirfd, String newpath, int flags)
            throws LibcException {
        run("linkat", () -> at(olddirfd, oldpath) + ", " + at(newdirfd, newpath), (cs, a) -> (int) LINKAT.invokeExact(
                cs, olddirfd, cString(a, oldpath), newdirfd, cString(a, newpath), flags));
    }

    /**
     * {@code symlinkat(target, dirfd, path)}.
     *
     * @param target what the link points to, stored as given
     * @param dirfd  the directory
     * @param path   the link's name
     * @throws LibcException if the call fails
     */
    public static void symlinkat(String target, int dirfd, String path) throws LibcException {
        run("symlinkat", () -> at(dirfd, path),
                (cs, a) -> (int) SYMLINKAT.invokeExact(cs, cString(a, target), dirfd, cString(a, path)));
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
