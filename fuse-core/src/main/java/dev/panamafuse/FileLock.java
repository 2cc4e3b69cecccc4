package dev.panamafuse;

/**
 * A POSIX record lock ({@code struct fuse_file_lock}), as {@code fcntl(F_GETLK/F_SETLK)} describes it.
 *
 * @param start first byte
 * @param end   last byte, inclusive; {@code Long.MAX_VALUE} (the kernel's {@code OFFSET_MAX}) for
 *              "to the end of the file"
 * @param type  {@link #F_RDLCK}, {@link #F_WRLCK} or {@link #F_UNLCK}
 * @param pid   process holding the lock (in answers to {@code getlk}), else the requester
 */
public record FileLock(long start, long end, int type, int pid) {
    /** Shared (read) lock. */
    public static final int F_RDLCK = 0;
    /** Exclusive (write) lock. */
    public static final int F_WRLCK = 1;
    /** No lock / unlock. */
    public static final int F_UNLCK = 2;

    /** {@code LOCK_SH} of {@code flock(2)}: a shared lock ({@link FileSystem#flock}'s operation). */
    public static final int LOCK_SH = 1;
    /** {@code LOCK_EX} of {@code flock(2)}: an exclusive lock. */
    public static final int LOCK_EX = 2;
    /** {@code LOCK_NB} of {@code flock(2)}: added to a lock when the caller does not wait. */
    public static final int LOCK_NB = 4;
    /** {@code LOCK_UN} of {@code flock(2)}: remove the lock. */
    public static final int LOCK_UN = 8;
}
