package dev.panamafuse.protocol;

/**
 * Protocol constants of {@code include/uapi/linux/fuse.h} (protocol 7.45): versions, well-known
 * ids, buffer and compat sizes, record alignment and the {@code /dev/fuse} ioctl numbers. Names
 * are the kernel's; the capability bits are in {@link InitFlags}, the other flag groups in
 * {@link OperationFlags}.
 */
public final class Kernel {

    private Kernel() {
    }

    // ---------------------------------------------------------------- versions

    /** {@code FUSE_KERNEL_VERSION}: the protocol major version, 7. */
    public static final int FUSE_KERNEL_VERSION = 7;

    /** {@code FUSE_KERNEL_MINOR_VERSION}: the minor version of the header these definitions follow, 45. */
    public static final int FUSE_KERNEL_MINOR_VERSION = 45;

    /**
     * The minor version this library offers in its {@code fuse_init_out}; the session speaks the
     * smaller of this and the kernel's minor.
     */
    public static final int KERNEL_MINOR_VERSION = FUSE_KERNEL_MINOR_VERSION;

    /**
     * The oldest kernel minor this library accepts (7.28, Linux 4.20: {@code max_pages},
     * {@code COPY_FILE_RANGE}, {@code FOPEN_CACHE_DIR}); a session should refuse an INIT from an
     * older kernel.
     */
    public static final int MIN_MINOR = 28;

    // ---------------------------------------------------------------- ids and buffer sizes

    /** {@code FUSE_ROOT_ID}: the node id of the mount's root directory, 1. */
    public static final long FUSE_ROOT_ID = 1L;

    /**
     * {@code FUSE_MIN_READ_BUFFER}: the smallest buffer the kernel accepts for a device read,
     * 8192 bytes; a real buffer must also hold {@code max_write} bytes of data plus headers.
     */
    public static final int FUSE_MIN_READ_BUFFER = 8192;

    /**
     * {@code FUSE_UNIQUE_RESEND}: bit 63 of {@code fuse_in_header.unique}, set on a request the
     * kernel resends after {@code FUSE_NOTIFY_RESEND} (7.40, with {@code FUSE_HAS_RESEND}).
     */
    public static final long FUSE_UNIQUE_RESEND = 1L << 63;

    /**
     * {@code FUSE_INVALID_UIDGID}: {@code (uint32_t) -1}, put in {@code fuse_in_header.uid} /
     * {@code gid} on an idmapped mount when the caller's id cannot be mapped (7.41,
     * {@code FUSE_ALLOW_IDMAP}).
     */
    public static final int FUSE_INVALID_UIDGID = 0xFFFF_FFFF;

    /**
     * {@code FUSE_INIT_BSWAP_RESERVED}: {@code FUSE_INIT << 24}, the opcode a {@code FUSE_INIT}
     * shows when read with the wrong byte order; reserved so it is never a real opcode.
     */
    public static final int FUSE_INIT_BSWAP_RESERVED = 436207616;

    /** {@code CUSE_INIT_BSWAP_RESERVED}: {@code CUSE_INIT << 8}, reserved like {@link #FUSE_INIT_BSWAP_RESERVED}. */
    public static final int CUSE_INIT_BSWAP_RESERVED = 1048576;

    /** {@code CUSE_INIT_INFO_MAX}: the largest device-info block after {@code cuse_init_out}, 4096 bytes. */
    public static final int CUSE_INIT_INFO_MAX = 4096;

    // ---------------------------------------------------------------- compat sizes

    /** {@code FUSE_COMPAT_ENTRY_OUT_SIZE}: size of {@code fuse_entry_out} before 7.9, 120 bytes. */
    public static final int FUSE_COMPAT_ENTRY_OUT_SIZE = 120;

    /** {@code FUSE_COMPAT_ATTR_OUT_SIZE}: size of {@code fuse_attr_out} before 7.9, 96 bytes. */
    public static final int FUSE_COMPAT_ATTR_OUT_SIZE = 96;

    /**
     * {@code FUSE_COMPAT_22_INIT_OUT_SIZE}: size of {@code fuse_init_out} up to 7.22 (through
     * {@code max_write}), 24 bytes; a 7.5–7.22 kernel takes this much.
     */
    public static final int FUSE_COMPAT_22_INIT_OUT_SIZE = 24;

    /** {@code FUSE_COMPAT_INIT_OUT_SIZE}: size of {@code fuse_init_out} before 7.5, 8 bytes. */
    public static final int FUSE_COMPAT_INIT_OUT_SIZE = 8;

    /**
     * {@code FUSE_COMPAT_SETXATTR_IN_SIZE}: size of {@code fuse_setxattr_in} without
     * {@code FUSE_SETXATTR_EXT}, 8 bytes.
     */
    public static final int FUSE_COMPAT_SETXATTR_IN_SIZE = 8;

    /** {@code FUSE_COMPAT_MKNOD_IN_SIZE}: size of {@code fuse_mknod_in} before 7.12, 8 bytes. */
    public static final int FUSE_COMPAT_MKNOD_IN_SIZE = 8;

    /** {@code FUSE_COMPAT_WRITE_IN_SIZE}: size of {@code fuse_write_in} before 7.9, 24 bytes. */
    public static final int FUSE_COMPAT_WRITE_IN_SIZE = 24;

    /** {@code FUSE_COMPAT_STATFS_SIZE}: size of {@code fuse_statfs_out} before 7.4, 48 bytes. */
    public static final int FUSE_COMPAT_STATFS_SIZE = 48;

    // ---------------------------------------------------------------- directory records

    /** {@code FUSE_NAME_OFFSET}: offset of the name in a {@code fuse_dirent}, 24. */
    public static final int FUSE_NAME_OFFSET = 24;

    /** {@code FUSE_NAME_OFFSET_DIRENTPLUS}: offset of the name in a {@code fuse_direntplus}, 152. */
    public static final int FUSE_NAME_OFFSET_DIRENTPLUS = 152;

    /**
     * {@code FUSE_REC_ALIGN} / {@code FUSE_DIRENT_ALIGN}: rounds a record length up to a multiple
     * of 8, the alignment of directory records in a {@code READDIR} / {@code READDIRPLUS} reply.
     *
     * @param length a non-negative length in bytes
     * @return {@code length} rounded up to a multiple of 8
     */
    public static long recAlign(long length) {
        return (length + 7) & ~7L;
    }

    // ---------------------------------------------------------------- io_uring sizes

    /** {@code FUSE_URING_IN_OUT_HEADER_SZ}: size of {@code fuse_uring_req_header.in_out}, 128 (7.42). */
    public static final int FUSE_URING_IN_OUT_HEADER_SZ = 128;

    /** {@code FUSE_URING_OP_IN_OUT_SZ}: size of {@code fuse_uring_req_header.op_in}, 128 (7.42). */
    public static final int FUSE_URING_OP_IN_OUT_SZ = 128;

    // ---------------------------------------------------------------- /dev/fuse ioctls

    /** Generic {@code _IOC_WRITE} direction bit of the Linux ioctl encoding. */
    private static final int IOC_WRITE = 1;

    /** Generic {@code _IOC_READ} direction bit of the Linux ioctl encoding. */
    private static final int IOC_READ = 2;

    /** {@code FUSE_DEV_IOC_MAGIC}: the ioctl type byte of {@code /dev/fuse}, 229. */
    public static final int FUSE_DEV_IOC_MAGIC = 229;

    /**
     * {@code FUSE_DEV_IOC_CLONE} = {@code _IOR(229, 0, uint32_t)}: attach a freshly opened
     * {@code /dev/fuse} descriptor to the session whose descriptor is passed, for per-thread
     * queues. Since 7.23 (Linux 4.2). Kept as an unsigned {@code long} request number.
     */
    public static final long FUSE_DEV_IOC_CLONE = ioc(IOC_READ, 0, 4);

    /**
     * {@code FUSE_DEV_IOC_BACKING_OPEN} = {@code _IOW(229, 1, struct fuse_backing_map)}: register
     * a backing file for passthrough; returns the backing id for {@code fuse_open_out}. Since 7.40.
     */
    public static final long FUSE_DEV_IOC_BACKING_OPEN = ioc(IOC_WRITE, 1, 16);

    /**
     * {@code FUSE_DEV_IOC_BACKING_CLOSE} = {@code _IOW(229, 2, uint32_t)}: drop a backing id.
     * Since 7.40.
     */
    public static final long FUSE_DEV_IOC_BACKING_CLOSE = ioc(IOC_WRITE, 2, 4);

    /**
     * {@code FUSE_DEV_IOC_SYNC_INIT} = {@code _IO(229, 3)}: ask the kernel to perform INIT
     * synchronously, inside {@code mount(2)}. Present in the 7.45 header.
     */
    public static final long FUSE_DEV_IOC_SYNC_INIT = ioc(0, 3, 0);

    /** The generic Linux {@code _IOC(dir, FUSE_DEV_IOC_MAGIC, nr, size)} encoding. */
    private static long ioc(int dir, int nr, int size) {
        return ((long) dir << 30) | ((long) size << 16) | ((long) FUSE_DEV_IOC_MAGIC << 8) | nr;
    }
}
