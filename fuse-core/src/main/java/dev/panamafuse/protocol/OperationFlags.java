package dev.panamafuse.protocol;

/**
 * The flag bits of the operation structs' flag fields, and the smaller constant groups, of
 * {@code include/uapi/linux/fuse.h} (protocol 7.45), named as in the kernel without the
 * {@code FUSE_} prefix: per-request flags of GETATTR, RELEASE, READ, WRITE, LK,
 * FSYNC, IOCTL, POLL, SETXATTR, OPEN and SETUPMAPPING, {@code fuse_attr.flags}, the
 * notify_inval_entry flag, the request-extension types, the CUSE flag and the io_uring commands.
 * The {@code FOPEN_*} bits of {@code fuse_open_out.open_flags} and the {@code FATTR_*} bits of
 * {@code fuse_setattr_in.valid} keep their kernel names. INIT capabilities are in {@link InitFlags}.
 */
public final class OperationFlags {

    private OperationFlags() {
    }

    // ---------------------------------------------------------------- fuse_getattr_in.getattr_flags

    /** {@code FUSE_GETATTR_FH}: {@code fuse_getattr_in.fh} is valid (7.9). */
    public static final int GETATTR_FH = 1 << 0;

    // ---------------------------------------------------------------- fuse_release_in.release_flags

    /** {@code FUSE_RELEASE_FLUSH}: flush before releasing (7.8). */
    public static final int RELEASE_FLUSH = 1 << 0;
    /** {@code FUSE_RELEASE_FLOCK_UNLOCK}: release the {@code flock} locks of {@code lock_owner} (7.17). */
    public static final int RELEASE_FLOCK_UNLOCK = 1 << 1;

    // ---------------------------------------------------------------- fuse_write_in.write_flags

    /** {@code FUSE_WRITE_CACHE}: delayed write from the page cache; the file handle is guessed (7.9). */
    public static final int WRITE_CACHE = 1 << 0;
    /** {@code FUSE_WRITE_LOCKOWNER}: {@code fuse_write_in.lock_owner} is valid (7.9). */
    public static final int WRITE_LOCKOWNER = 1 << 1;
    /** {@code FUSE_WRITE_KILL_SUIDGID}: clear suid and sgid (7.31 as WRITE_KILL_PRIV, renamed 7.33). */
    public static final int WRITE_KILL_SUIDGID = 1 << 2;
    /**
     * {@code FUSE_WRITE_KILL_PRIV}: obsolete alias of {@link #WRITE_KILL_SUIDGID}.
     *
     * @deprecated use {@link #WRITE_KILL_SUIDGID}
     */
    @Deprecated
    public static final int WRITE_KILL_PRIV = WRITE_KILL_SUIDGID;

    // ---------------------------------------------------------------- fuse_read_in.read_flags

    /** {@code FUSE_READ_LOCKOWNER}: {@code fuse_read_in.lock_owner} is valid (7.9). */
    public static final int READ_LOCKOWNER = 1 << 1;

    // ---------------------------------------------------------------- fuse_lk_in.lk_flags

    /**
     * {@code FUSE_LK_FLOCK}: the lock request comes from {@code flock(2)}, not {@code fcntl(2)}
     * (defined since 7.9; sent once {@code FUSE_FLOCK_LOCKS}, 7.17, is negotiated).
     */
    public static final int LK_FLOCK = 1 << 0;

    // ---------------------------------------------------------------- fuse_fsync_in.fsync_flags

    /** {@code FUSE_FSYNC_FDATASYNC}: sync data only, not metadata. */
    public static final int FSYNC_FDATASYNC = 1 << 0;

    // ---------------------------------------------------------------- fuse_ioctl_in/out.flags

    /** {@code FUSE_IOCTL_COMPAT}: 32-bit compat ioctl on a 64-bit kernel (7.11). */
    public static final int IOCTL_COMPAT = 1 << 0;
    /** {@code FUSE_IOCTL_UNRESTRICTED}: not restricted to well-formed ioctls; retry allowed (7.11). */
    public static final int IOCTL_UNRESTRICTED = 1 << 1;
    /** {@code FUSE_IOCTL_RETRY}: in a reply, retry with the iovecs that follow (7.11). */
    public static final int IOCTL_RETRY = 1 << 2;
    /** {@code FUSE_IOCTL_32BIT}: 32-bit ioctl (7.16). */
    public static final int IOCTL_32BIT = 1 << 3;
    /** {@code FUSE_IOCTL_DIR}: the ioctl is on a directory (7.18). */
    public static final int IOCTL_DIR = 1 << 4;
    /** {@code FUSE_IOCTL_COMPAT_X32}: x32 compat ioctl on a 64-bit kernel, 64-bit time_t (7.30). */
    public static final int IOCTL_COMPAT_X32 = 1 << 5;
    /** {@code FUSE_IOCTL_MAX_IOV}: the largest {@code in_iovs + out_iovs} of a retry, 256 (7.11). */
    public static final int IOCTL_MAX_IOV = 256;

    // ---------------------------------------------------------------- fuse_poll_in.flags

    /** {@code FUSE_POLL_SCHEDULE_NOTIFY}: the kernel wants a {@code FUSE_NOTIFY_POLL} on readiness (7.11). */
    public static final int POLL_SCHEDULE_NOTIFY = 1 << 0;

    // ---------------------------------------------------------------- fuse_setxattr_in.setxattr_flags

    /** {@code FUSE_SETXATTR_ACL_KILL_SGID}: clear sgid when {@code system.posix_acl_access} is set (7.33). */
    public static final int SETXATTR_ACL_KILL_SGID = 1 << 0;

    // ---------------------------------------------------------------- fuse_open_in / fuse_create_in.open_flags

    /** {@code FUSE_OPEN_KILL_SUIDGID}: clear suid and sgid if executable, on open with truncate (7.33). */
    public static final int OPEN_KILL_SUIDGID = 1 << 0;

    // ---------------------------------------------------------------- fuse_attr.flags

    /** {@code FUSE_ATTR_SUBMOUNT}: the node is the root of a submount (7.32). */
    public static final int ATTR_SUBMOUNT = 1 << 0;
    /** {@code FUSE_ATTR_DAX}: enable DAX for this file in per-inode DAX mode (7.36). */
    public static final int ATTR_DAX = 1 << 1;

    // ---------------------------------------------------------------- fuse_notify_inval_entry_out.flags

    /** {@code FUSE_EXPIRE_ONLY}: only expire the entry, do not drop it (7.38). */
    public static final int EXPIRE_ONLY = 1 << 0;

    // ---------------------------------------------------------------- fuse_setupmapping_in.flags

    /** {@code FUSE_SETUPMAPPING_FLAG_WRITE}: map for writing (7.31). */
    public static final long SETUPMAPPING_FLAG_WRITE = 1L << 0;
    /** {@code FUSE_SETUPMAPPING_FLAG_READ}: map for reading (7.31). */
    public static final long SETUPMAPPING_FLAG_READ = 1L << 1;

    // ---------------------------------------------------------------- enum fuse_ext_type

    /**
     * {@code FUSE_MAX_NR_SECCTX}: the largest {@code fuse_secctx_header.nr_secctx}; extension
     * types 0..31 are reserved for the security-context header (7.38).
     */
    public static final int MAX_NR_SECCTX = 31;
    /** {@code FUSE_EXT_GROUPS}: extension type of {@code fuse_supp_groups} (7.38). */
    public static final int EXT_GROUPS = 32;

    // ---------------------------------------------------------------- CUSE

    /** {@code CUSE_UNRESTRICTED_IOCTL}: CUSE INIT flag, use unrestricted ioctls (7.11). */
    public static final int CUSE_UNRESTRICTED_IOCTL = 1 << 0;

    // ---------------------------------------------------------------- enum fuse_uring_cmd

    /** {@code FUSE_IO_URING_CMD_INVALID}: not a valid io_uring command (7.42). */
    public static final int IO_URING_CMD_INVALID = 0;
    /** {@code FUSE_IO_URING_CMD_REGISTER}: register a request buffer and fetch a request (7.42). */
    public static final int IO_URING_CMD_REGISTER = 1;
    /** {@code FUSE_IO_URING_CMD_COMMIT_AND_FETCH}: commit a reply and fetch the next request (7.42). */
    public static final int IO_URING_CMD_COMMIT_AND_FETCH = 2;

    // ---------------------------------------------------------------- fuse_open_out.open_flags

    /** {@code FOPEN_DIRECT_IO}: bypass the page cache for this open file (7.2). */
    public static final int FOPEN_DIRECT_IO = 1 << 0;
    /** {@code FOPEN_KEEP_CACHE}: do not invalidate the data cache on open (7.2). */
    public static final int FOPEN_KEEP_CACHE = 1 << 1;
    /** {@code FOPEN_NONSEEKABLE}: the file is not seekable (7.10). */
    public static final int FOPEN_NONSEEKABLE = 1 << 2;
    /** {@code FOPEN_CACHE_DIR}: allow caching this directory's entries (7.28). */
    public static final int FOPEN_CACHE_DIR = 1 << 3;
    /**
     * {@code FOPEN_STREAM}: the file is stream-like, without a file position (not in the header
     * changelog; added with Linux 5.2).
     */
    public static final int FOPEN_STREAM = 1 << 4;
    /** {@code FOPEN_NOFLUSH}: do not flush the data cache on close, unless writeback caching (7.35). */
    public static final int FOPEN_NOFLUSH = 1 << 5;
    /** {@code FOPEN_PARALLEL_DIRECT_WRITES}: allow concurrent direct writes to one inode (7.38). */
    public static final int FOPEN_PARALLEL_DIRECT_WRITES = 1 << 6;
    /** {@code FOPEN_PASSTHROUGH}: read/write go to the backing file of {@code backing_id} (7.40). */
    public static final int FOPEN_PASSTHROUGH = 1 << 7;

    private static final String[] FOPEN_NAMES = {
        "FOPEN_DIRECT_IO", "FOPEN_KEEP_CACHE", "FOPEN_NONSEEKABLE", "FOPEN_CACHE_DIR",
        "FOPEN_STREAM", "FOPEN_NOFLUSH", "FOPEN_PARALLEL_DIRECT_WRITES", "FOPEN_PASSTHROUGH",
    };

    /**
     * Renders set bits for debug logs, e.g. {@code "FOPEN_DIRECT_IO|FOPEN_KEEP_CACHE"}.
     *
     * @param openFlags a {@code fuse_open_out.open_flags} value
     * @return the names of the set bits joined by {@code '|'}, unknown bits in hex, 0 as "0"
     */
    public static String describeOpenFlags(int openFlags) {
        return BitNames.describe(Integer.toUnsignedLong(openFlags), FOPEN_NAMES);
    }

    // ---------------------------------------------------------------- fuse_setattr_in.valid

    /** {@code FATTR_MODE}: change {@code mode}. */
    public static final int FATTR_MODE = 1 << 0;
    /** {@code FATTR_UID}: change {@code uid}. */
    public static final int FATTR_UID = 1 << 1;
    /** {@code FATTR_GID}: change {@code gid}. */
    public static final int FATTR_GID = 1 << 2;
    /** {@code FATTR_SIZE}: change {@code size} (truncate). */
    public static final int FATTR_SIZE = 1 << 3;
    /** {@code FATTR_ATIME}: set {@code atime} / {@code atimensec}. */
    public static final int FATTR_ATIME = 1 << 4;
    /** {@code FATTR_MTIME}: set {@code mtime} / {@code mtimensec}. */
    public static final int FATTR_MTIME = 1 << 5;
    /** {@code FATTR_FH}: {@code fh} is valid (7.3). */
    public static final int FATTR_FH = 1 << 6;
    /** {@code FATTR_ATIME_NOW}: set atime to the current time, with {@link #FATTR_ATIME} (7.9). */
    public static final int FATTR_ATIME_NOW = 1 << 7;
    /** {@code FATTR_MTIME_NOW}: set mtime to the current time, with {@link #FATTR_MTIME} (7.9). */
    public static final int FATTR_MTIME_NOW = 1 << 8;
    /** {@code FATTR_LOCKOWNER}: {@code lock_owner} is valid (7.9). */
    public static final int FATTR_LOCKOWNER = 1 << 9;
    /** {@code FATTR_CTIME}: set {@code ctime} / {@code ctimensec} (7.23). */
    public static final int FATTR_CTIME = 1 << 10;
    /** {@code FATTR_KILL_SUIDGID}: clear suid/sgid, with {@code FUSE_HANDLE_KILLPRIV_V2} (7.33). */
    public static final int FATTR_KILL_SUIDGID = 1 << 11;

    private static final String[] FATTR_NAMES = {
        "FATTR_MODE", "FATTR_UID", "FATTR_GID", "FATTR_SIZE", "FATTR_ATIME", "FATTR_MTIME",
        "FATTR_FH", "FATTR_ATIME_NOW", "FATTR_MTIME_NOW", "FATTR_LOCKOWNER", "FATTR_CTIME",
        "FATTR_KILL_SUIDGID",
    };

    /**
     * Renders set bits for debug logs, e.g. {@code "FATTR_MODE|FATTR_SIZE"}.
     *
     * @param valid a {@code fuse_setattr_in.valid} value
     * @return the names of the set bits joined by {@code '|'}, unknown bits in hex, 0 as "0"
     */
    public static String describeSetattrValid(int valid) {
        return BitNames.describe(Integer.toUnsignedLong(valid), FATTR_NAMES);
    }
}
