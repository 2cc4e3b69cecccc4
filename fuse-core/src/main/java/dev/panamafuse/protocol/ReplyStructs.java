package dev.panamafuse.protocol;

import static dev.panamafuse.protocol.StructFields.array;
import static dev.panamafuse.protocol.StructFields.chars;
import static dev.panamafuse.protocol.StructFields.struct;
import static dev.panamafuse.protocol.StructFields.u16;
import static dev.panamafuse.protocol.StructFields.u32;
import static dev.panamafuse.protocol.StructFields.u64;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.StructLayout;

/**
 * Memory layouts of the reply bodies of {@code include/uapi/linux/fuse.h} (protocol 7.45): the
 * {@code fuse_*_out} structs that follow {@link MessageStructs#FUSE_OUT_HEADER}, and the directory entry
 * records of {@code READDIR} / {@code READDIRPLUS} replies. See {@link StructFields} for the
 * conventions. The structs nested in them come first: {@code fuse_attr},
 * {@code fuse_sx_time}, {@code fuse_statx}, {@code fuse_kstatfs} and {@code fuse_file_lock} (also
 * nested in {@code fuse_lk_in}).
 */
public final class ReplyStructs {

    private ReplyStructs() {
    }

    /**
     * {@code struct fuse_attr} (88 bytes): inode attributes, nested in {@code fuse_entry_out},
     * {@code fuse_attr_out} and {@code fuse_direntplus}. {@code blksize} since 7.9 (the 7.8 struct
     * ended before it, see {@link Kernel#FUSE_COMPAT_ATTR_OUT_SIZE}); {@code flags}
     * ({@code FUSE_ATTR_*}) since 7.32, padding before.
     */
    public static final StructLayout FUSE_ATTR = struct("fuse_attr",
            u64("ino"), u64("size"), u64("blocks"), u64("atime"), u64("mtime"), u64("ctime"),
            u32("atimensec"), u32("mtimensec"), u32("ctimensec"), u32("mode"), u32("nlink"),
            u32("uid"), u32("gid"), u32("rdev"), u32("blksize"), u32("flags"));

    /**
     * {@code struct fuse_sx_time} (16 bytes): a {@code statx} timestamp, nested in
     * {@code fuse_statx}. Since 7.39.
     */
    public static final StructLayout FUSE_SX_TIME = struct("fuse_sx_time",
            u64("tv_sec"), u32("tv_nsec"), u32("__reserved"));

    /**
     * {@code struct fuse_statx} (256 bytes): attributes in the {@code statx(2)} ABI, nested in
     * {@code fuse_statx_out}; the four timestamps are nested {@link #FUSE_SX_TIME}. Since 7.39.
     */
    public static final StructLayout FUSE_STATX = struct("fuse_statx",
            u32("mask"), u32("blksize"), u64("attributes"),
            u32("nlink"), u32("uid"), u32("gid"), u16("mode"), array(1, JAVA_SHORT, "__spare0"),
            u64("ino"), u64("size"), u64("blocks"), u64("attributes_mask"),
            FUSE_SX_TIME.withName("atime"), FUSE_SX_TIME.withName("btime"),
            FUSE_SX_TIME.withName("ctime"), FUSE_SX_TIME.withName("mtime"),
            u32("rdev_major"), u32("rdev_minor"), u32("dev_major"), u32("dev_minor"),
            array(14, JAVA_LONG, "__spare2"));

    /**
     * {@code struct fuse_kstatfs} (80 bytes): file-system statistics, nested in
     * {@code fuse_statfs_out}. {@code frsize} since 7.4 (the older reply was
     * {@link Kernel#FUSE_COMPAT_STATFS_SIZE} bytes).
     */
    public static final StructLayout FUSE_KSTATFS = struct("fuse_kstatfs",
            u64("blocks"), u64("bfree"), u64("bavail"), u64("files"), u64("ffree"),
            u32("bsize"), u32("namelen"), u32("frsize"), u32("padding"),
            array(6, JAVA_INT, "spare"));

    /**
     * {@code struct fuse_file_lock} (24 bytes): a POSIX lock range, nested in {@code fuse_lk_in}
     * and {@code fuse_lk_out}; {@code pid} is the owner's thread-group id. Since 7.7.
     */
    public static final StructLayout FUSE_FILE_LOCK = struct("fuse_file_lock",
            u64("start"), u64("end"), u32("type"), u32("pid"));

    /**
     * {@code struct fuse_entry_out} (128 bytes): reply to {@code LOOKUP} and the create-type
     * requests, with a nested {@link #FUSE_ATTR}. A 7.8 kernel takes
     * {@link Kernel#FUSE_COMPAT_ENTRY_OUT_SIZE} bytes (no {@code attr.blksize} / {@code attr.flags}).
     */
    public static final StructLayout FUSE_ENTRY_OUT = struct("fuse_entry_out",
            u64("nodeid"), u64("generation"), u64("entry_valid"), u64("attr_valid"),
            u32("entry_valid_nsec"), u32("attr_valid_nsec"), FUSE_ATTR.withName("attr"));

    /**
     * {@code struct fuse_attr_out} (104 bytes): reply to {@code GETATTR} and {@code SETATTR}, with
     * a nested {@link #FUSE_ATTR}. A 7.8 kernel takes
     * {@link Kernel#FUSE_COMPAT_ATTR_OUT_SIZE} bytes.
     */
    public static final StructLayout FUSE_ATTR_OUT = struct("fuse_attr_out",
            u64("attr_valid"), u32("attr_valid_nsec"), u32("dummy"), FUSE_ATTR.withName("attr"));

    /**
     * {@code struct fuse_statx_out} (288 bytes): reply to {@code FUSE_STATX}, with a nested
     * {@link #FUSE_STATX} named {@code stat}. Since 7.39.
     */
    public static final StructLayout FUSE_STATX_OUT = struct("fuse_statx_out",
            u64("attr_valid"), u32("attr_valid_nsec"), u32("flags"), array(2, JAVA_LONG, "spare"),
            FUSE_STATX.withName("stat"));

    /**
     * {@code struct fuse_open_out} (16 bytes): reply to {@code OPEN}, {@code OPENDIR} (and the
     * second half of a {@code CREATE} reply); {@code open_flags} holds the {@code FOPEN_*} bits of
     * {@link OperationFlags}. {@code backing_id} (for {@link OperationFlags#FOPEN_PASSTHROUGH})
     * since 7.40, padding before.
     */
    public static final StructLayout FUSE_OPEN_OUT = struct("fuse_open_out",
            u64("fh"), u32("open_flags"), u32("backing_id"));

    /** {@code struct fuse_write_out} (8 bytes): reply to {@code FUSE_WRITE}: bytes written. */
    public static final StructLayout FUSE_WRITE_OUT = struct("fuse_write_out",
            u32("size"), u32("padding"));

    /**
     * {@code struct fuse_statfs_out} (80 bytes): reply to {@code FUSE_STATFS}, a nested
     * {@link #FUSE_KSTATFS} named {@code st}. A kernel older than 7.4 takes
     * {@link Kernel#FUSE_COMPAT_STATFS_SIZE} bytes.
     */
    public static final StructLayout FUSE_STATFS_OUT = struct("fuse_statfs_out",
            FUSE_KSTATFS.withName("st"));

    /**
     * {@code struct fuse_getxattr_out} (8 bytes): reply to a size query of {@code GETXATTR} or
     * {@code LISTXATTR} (request size 0): the size needed.
     */
    public static final StructLayout FUSE_GETXATTR_OUT = struct("fuse_getxattr_out",
            u32("size"), u32("padding"));

    /**
     * {@code struct fuse_lk_out} (24 bytes): reply to {@code FUSE_GETLK}, a nested
     * {@link #FUSE_FILE_LOCK} named {@code lk}. Since 7.7.
     */
    public static final StructLayout FUSE_LK_OUT = struct("fuse_lk_out",
            FUSE_FILE_LOCK.withName("lk"));

    /** {@code struct fuse_bmap_out} (8 bytes): reply to {@code FUSE_BMAP}. Since 7.8. */
    public static final StructLayout FUSE_BMAP_OUT = struct("fuse_bmap_out",
            u64("block"));

    /**
     * {@code struct fuse_ioctl_out} (16 bytes): reply to {@code FUSE_IOCTL}; {@code result} is the
     * ioctl's return value, and with {@code OperationFlags.IOCTL_RETRY} the counts of the
     * {@code fuse_ioctl_iovec} arrays that follow. Since 7.11.
     */
    public static final StructLayout FUSE_IOCTL_OUT = struct("fuse_ioctl_out",
            u32("result"), u32("flags"), u32("in_iovs"), u32("out_iovs"));

    /**
     * {@code struct fuse_ioctl_iovec} (16 bytes): one buffer of an ioctl retry reply. Since 7.16
     * (before, a native {@code struct iovec}).
     */
    public static final StructLayout FUSE_IOCTL_IOVEC = struct("fuse_ioctl_iovec",
            u64("base"), u64("len"));

    /** {@code struct fuse_poll_out} (8 bytes): reply to {@code FUSE_POLL}. Since 7.11. */
    public static final StructLayout FUSE_POLL_OUT = struct("fuse_poll_out",
            u32("revents"), u32("padding"));

    /** {@code struct fuse_lseek_out} (8 bytes): reply to {@code FUSE_LSEEK}. Since 7.24. */
    public static final StructLayout FUSE_LSEEK_OUT = struct("fuse_lseek_out",
            u64("offset"));

    /**
     * {@code struct fuse_copy_file_range_out} (8 bytes): reply to
     * {@code FUSE_COPY_FILE_RANGE_64}. Since 7.45 ({@code FUSE_COPY_FILE_RANGE} replies with a
     * {@code fuse_write_out}).
     */
    public static final StructLayout FUSE_COPY_FILE_RANGE_OUT = struct("fuse_copy_file_range_out",
            u64("bytes_copied"));

    /**
     * {@code struct fuse_dirent} (24 bytes, then {@code namelen} name bytes, padded to 8): one
     * entry of a {@code READDIR} reply. The layout ends at the flexible array {@code name}, a
     * zero-length member at {@link Kernel#FUSE_NAME_OFFSET}.
     */
    public static final StructLayout FUSE_DIRENT = struct("fuse_dirent",
            u64("ino"), u64("off"), u32("namelen"), u32("type"), chars(0, "name"));

    /**
     * {@code struct fuse_direntplus} (152 bytes, then the name): one entry of a
     * {@code READDIRPLUS} reply, a nested {@link #FUSE_ENTRY_OUT} and {@link #FUSE_DIRENT}; the
     * name starts at {@link Kernel#FUSE_NAME_OFFSET_DIRENTPLUS}. Since 7.21.
     */
    public static final StructLayout FUSE_DIRENTPLUS = struct("fuse_direntplus",
            FUSE_ENTRY_OUT.withName("entry_out"), FUSE_DIRENT.withName("dirent"));
}
