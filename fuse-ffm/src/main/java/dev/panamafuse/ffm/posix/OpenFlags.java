package dev.panamafuse.ffm.posix;

/**
 * The {@code open(2)} flags ({@code O_*}, Linux values on x86_64 and aarch64) and the
 * {@code openat2(2)} resolve flags ({@code RESOLVE_*}), for {@link AtCalls#openat} and
 * {@link AtCalls#openat2}. FUSE passes the open flags of a request through unchanged, so a
 * passthrough filesystem can test them with these constants.
 */
public final class OpenFlags {

    /** {@code O_RDONLY}: open for reading only. */
    public static final int O_RDONLY = 0;
    /** {@code O_WRONLY}: open for writing only. */
    public static final int O_WRONLY = 1;
    /** {@code O_RDWR}: open for reading and writing. */
    public static final int O_RDWR = 2;
    /** {@code O_ACCMODE}: the bits that hold one of the three access modes. */
    public static final int O_ACCMODE = 3;
    /** {@code O_CREAT}: create the file if it does not exist. */
    public static final int O_CREAT = 0100;
    /** {@code O_EXCL}: with {@link #O_CREAT}, fail with {@code EEXIST} if it exists. */
    public static final int O_EXCL = 0200;
    /** {@code O_NOCTTY}: a terminal does not become the controlling terminal. */
    public static final int O_NOCTTY = 0400;
    /** {@code O_TRUNC}: truncate a regular file to length 0. */
    public static final int O_TRUNC = 01000;
    /** {@code O_APPEND}: every write goes to the end. */
    public static final int O_APPEND = 02000;
    /** {@code O_NONBLOCK}: non-blocking I/O. */
    public static final int O_NONBLOCK = 04000;
    /** {@code O_DIRECT}: bypass the page cache. */
    public static final int O_DIRECT = 040000;
    /** {@code O_DIRECTORY}: fail with {@code ENOTDIR} unless the path names a directory. */
    public static final int O_DIRECTORY = 0200000;
    /** {@code O_NOFOLLOW}: fail with {@code ELOOP} if the final component is a symbolic link. */
    public static final int O_NOFOLLOW = 0400000;
    /** {@code O_CLOEXEC}: close the descriptor on exec. */
    public static final int O_CLOEXEC = 02000000;
    /** {@code O_PATH}: a descriptor that only names a file (no I/O; works on links with O_NOFOLLOW). */
    public static final int O_PATH = 010000000;
    /** {@code O_TMPFILE} (includes {@link #O_DIRECTORY}): an unnamed file in a directory. */
    public static final int O_TMPFILE = 020200000;

    /** {@code RESOLVE_NO_XDEV}: do not cross mount points. */
    public static final long RESOLVE_NO_XDEV = 0x01;
    /** {@code RESOLVE_NO_MAGICLINKS}: refuse {@code /proc/self/fd}-style magic links. */
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    /** {@code RESOLVE_NO_SYMLINKS}: refuse every symbolic link ({@code ELOOP}). */
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    /** {@code RESOLVE_BENEATH}: refuse to leave the directory ({@code EXDEV} for "..", absolute paths, links out). */
    public static final long RESOLVE_BENEATH = 0x08;
    /** {@code RESOLVE_IN_ROOT}: treat the directory as the root ("/" and ".." stay inside). */
    public static final long RESOLVE_IN_ROOT = 0x10;

    private OpenFlags() {
    }
}
