package dev.panamafuse.ffm.posix;

import static dev.panamafuse.ffm.posix.LibcCall.CAPTURE_ERRNO;
import static dev.panamafuse.ffm.posix.LibcCall.at;
import static dev.panamafuse.ffm.posix.LibcCall.cString;
import static dev.panamafuse.ffm.posix.LibcCall.checkNative;
import static dev.panamafuse.ffm.posix.LibcCall.downcall;
import static dev.panamafuse.ffm.posix.LibcCall.run;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The calls that make, remove and rename directory entries relative to a directory descriptor:
 * {@code mkdirat}, {@code mknodat}, {@code unlinkat}, {@code renameat2}, {@code linkat} and
 * {@code symlinkat}. Paths, errors and descriptor ownership as in {@link AtCalls}: names are
 * encoded with {@link dev.panamafuse.FileNames#encode}, the directory descriptors stay the
 * caller's, and a failure is a {@link LibcException} naming the call, the directory and the name,
 * e.g. {@code mkdirat(5, "d") failed: EEXIST (File exists)}.
 */
public final class EntryCalls {

    /** {@code AT_REMOVEDIR}: {@code unlinkat} removes a directory. */
    public static final int AT_REMOVEDIR = 0x200;
    /** {@code AT_SYMLINK_FOLLOW}: {@code linkat} follows a symbolic link. */
    public static final int AT_SYMLINK_FOLLOW = 0x400;

    /** {@code RENAME_NOREPLACE}: fail with {@code EEXIST} rather than replace the target. */
    public static final int RENAME_NOREPLACE = 1;
    /** {@code RENAME_EXCHANGE}: swap the two names atomically. */
    public static final int RENAME_EXCHANGE = 2;

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

    private EntryCalls() {
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
     * {@code unlinkat(dirfd, path, flags)} with an encoded path, allocating nothing.
     *
     * @param dirfd a directory descriptor or {@link AtCalls#AT_FDCWD}
     * @param path  a native NUL-terminated path
     * @param flags {@link #AT_REMOVEDIR} or 0
     * @throws LibcException if the call fails
     */
    public static void unlinkat(int dirfd, MemorySegment path, int flags) throws LibcException {
        checkNative(path, false, "path");
        MemorySegment cs = LibcCall.threadCallState();
        try {
            LibcCall.checkAt("unlinkat", dirfd, path, (int) UNLINKAT.invokeExact(cs, dirfd, path, flags), cs);
        } catch (Throwable t) {
            throw LibcCall.rethrow(t);
        }
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
     * @param olddirfd the existing file's directory, or the file itself with {@link AtCalls#AT_EMPTY_PATH}
     * @param oldpath  the existing path (empty with {@link AtCalls#AT_EMPTY_PATH})
     * @param newdirfd the new name's directory
     * @param newpath  the new name
     * @param flags    {@link AtCalls#AT_EMPTY_PATH}, {@link #AT_SYMLINK_FOLLOW} or 0
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
}
