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
}
