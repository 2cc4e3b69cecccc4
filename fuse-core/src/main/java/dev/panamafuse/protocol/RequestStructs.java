package dev.panamafuse.protocol;

import static dev.panamafuse.protocol.ReplyStructs.FUSE_FILE_LOCK;
import static dev.panamafuse.protocol.StructFields.offset;
import static dev.panamafuse.protocol.StructFields.struct;
import static dev.panamafuse.protocol.StructFields.u32;
import static dev.panamafuse.protocol.StructFields.u64;

import java.lang.foreign.StructLayout;

/**
 * Memory layouts of the request bodies of {@code include/uapi/linux/fuse.h} (protocol 7.45): the
 * {@code fuse_*_in} structs that follow {@link MessageStructs#FUSE_IN_HEADER}. See
 * {@link StructFields} for the conventions. Where a later minor grew a struct, the kernel of an
 * older minor sends the shorter prefix; the compat sizes are in {@link Kernel}. The offsets of the
 * fields read in more than one place follow their layout.
 */
public final class RequestStructs {

    private RequestStructs() {
    }

    /** {@code struct fuse_forget_in} (8 bytes): body of {@code FUSE_FORGET}. */
    public static final StructLayout FUSE_FORGET_IN = struct("fuse_forget_in",
            u64("nlookup"));

    /**
     * {@code struct fuse_forget_one} (16 bytes): one entry of a {@code FUSE_BATCH_FORGET} body.
     * Since 7.16.
     */
    public static final StructLayout FUSE_FORGET_ONE = struct("fuse_forget_one",
            u64("nodeid"), u64("nlookup"));

    /**
     * {@code struct fuse_batch_forget_in} (8 bytes): body of {@code FUSE_BATCH_FORGET}, followed
     * by {@code count} {@code fuse_forget_one} entries. Since 7.16.
     */
    public static final StructLayout FUSE_BATCH_FORGET_IN = struct("fuse_batch_forget_in",
            u32("count"), u32("dummy"));

    /**
     * {@code struct fuse_getattr_in} (16 bytes): body of {@code FUSE_GETATTR}; {@code fh} is valid
     * when {@code getattr_flags} has {@link OperationFlags#GETATTR_FH}. Since 7.9 (no body before).
     */
    public static final StructLayout FUSE_GETATTR_IN = struct("fuse_getattr_in",
            u32("getattr_flags"), u32("dummy"), u64("fh"));

    /**
     * {@code struct fuse_statx_in} (24 bytes): body of {@code FUSE_STATX}; {@code sx_flags} and
     * {@code sx_mask} are those of {@code statx(2)}. Since 7.39.
     */
    public static final StructLayout FUSE_STATX_IN = struct("fuse_statx_in",
            u32("getattr_flags"), u32("reserved"), u64("fh"), u32("sx_flags"), u32("sx_mask"));

    /**
     * {@code struct fuse_mknod_in} (16 bytes): body of {@code FUSE_MKNOD}, followed by the name.
     * {@code umask} since 7.12 (the older body is {@link Kernel#FUSE_COMPAT_MKNOD_IN_SIZE} bytes).
     */
    public static final StructLayout FUSE_MKNOD_IN = struct("fuse_mknod_in",
            u32("mode"), u32("rdev"), u32("umask"), u32("padding"));

    /**
     * {@code struct fuse_mkdir_in} (8 bytes): body of {@code FUSE_MKDIR}, followed by the name.
     * {@code umask} since 7.12 (padding before).
     */
    public static final StructLayout FUSE_MKDIR_IN = struct("fuse_mkdir_in",
            u32("mode"), u32("umask"));

    /**
     * {@code struct fuse_rename_in} (8 bytes): body of {@code FUSE_RENAME}, followed by the old
     * and the new name.
     */
    public static final StructLayout FUSE_RENAME_IN = struct("fuse_rename_in",
            u64("newdir"));

    /**
     * {@code struct fuse_rename2_in} (16 bytes): body of {@code FUSE_RENAME2} with
     * {@code RENAME_*} flags, followed by the two names. Since 7.23.
     */
    public static final StructLayout FUSE_RENAME2_IN = struct("fuse_rename2_in",
            u64("newdir"), u32("flags"), u32("padding"));

    /**
     * {@code struct fuse_link_in} (8 bytes): body of {@code FUSE_LINK}, followed by the new name.
     */
    public static final StructLayout FUSE_LINK_IN = struct("fuse_link_in",
            u64("oldnodeid"));

    /**
     * {@code struct fuse_setattr_in} (88 bytes): body of {@code FUSE_SETATTR}; {@code valid} holds
     * {@code FATTR_*} bits of {@link OperationFlags}. {@code fh} since 7.3, {@code lock_owner} 7.9, {@code ctime} and
     * {@code ctimensec} 7.23 (unused before).
     */
    public static final StructLayout FUSE_SETATTR_IN = struct("fuse_setattr_in",
            u32("valid"), u32("padding"), u64("fh"), u64("size"), u64("lock_owner"),
            u64("atime"), u64("mtime"), u64("ctime"),
            u32("atimensec"), u32("mtimensec"), u32("ctimensec"), u32("mode"), u32("unused4"),
            u32("uid"), u32("gid"), u32("unused5"));

    /**
     * {@code struct fuse_open_in} (8 bytes): body of {@code FUSE_OPEN} and {@code FUSE_OPENDIR};
     * {@code flags} are the {@code open(2)} flags. {@code open_flags}
     * ({@link OperationFlags#OPEN_KILL_SUIDGID}) since 7.33, unused before.
     */
    public static final StructLayout FUSE_OPEN_IN = struct("fuse_open_in",
            u32("flags"), u32("open_flags"));
    /** Offset of {@code fuse_open_in.flags}, which {@code OPEN} and {@code OPENDIR} both read. */
    public static final long OPEN_IN_FLAGS = offset(FUSE_OPEN_IN, "flags");

    /**
     * {@code struct fuse_create_in} (16 bytes): body of {@code FUSE_CREATE} and
     * {@code FUSE_TMPFILE}, followed by the name. Since 7.3; {@code umask} since 7.12,
     * {@code open_flags} 7.33 (padding before).
     */
    public static final StructLayout FUSE_CREATE_IN = struct("fuse_create_in",
            u32("flags"), u32("mode"), u32("umask"), u32("open_flags"));

    /**
     * {@code struct fuse_release_in} (24 bytes): body of {@code FUSE_RELEASE} and
     * {@code FUSE_RELEASEDIR}. {@code release_flags} and {@code lock_owner} since 7.8.
     */
    public static final StructLayout FUSE_RELEASE_IN = struct("fuse_release_in",
            u64("fh"), u32("flags"), u32("release_flags"), u64("lock_owner"));
    /** Offset of {@code fuse_release_in.fh}, which {@code RELEASE} and {@code RELEASEDIR} both read. */
    public static final long RELEASE_IN_FH = offset(FUSE_RELEASE_IN, "fh");

    /** {@code struct fuse_flush_in} (24 bytes): body of {@code FUSE_FLUSH}. */
    public static final StructLayout FUSE_FLUSH_IN = struct("fuse_flush_in",
            u64("fh"), u32("unused"), u32("padding"), u64("lock_owner"));

    /**
     * {@code struct fuse_read_in} (40 bytes): body of {@code FUSE_READ} and the directory
     * reads. {@code read_flags} ({@link OperationFlags#READ_LOCKOWNER}), {@code lock_owner} and
     * {@code flags} (the open flags) since 7.9.
     */
    public static final StructLayout FUSE_READ_IN = struct("fuse_read_in",
            u64("fh"), u64("offset"), u32("size"), u32("read_flags"), u64("lock_owner"),
            u32("flags"), u32("padding"));
    /**
     * Offsets of {@code fuse_read_in.fh}, {@code offset} and {@code size}, which {@code READ},
     * {@code READDIR} and {@code READDIRPLUS} all read ({@code size} also sizes a spilled reply).
     */
    public static final long READ_IN_FH = offset(FUSE_READ_IN, "fh"),
            READ_IN_OFFSET = offset(FUSE_READ_IN, "offset"), READ_IN_SIZE = offset(FUSE_READ_IN, "size");

    /**
     * {@code struct fuse_write_in} (40 bytes): body of {@code FUSE_WRITE}, followed by the data.
     * {@code lock_owner} and {@code flags} since 7.9 (the older body is
     * {@link Kernel#FUSE_COMPAT_WRITE_IN_SIZE} bytes); {@code write_flags} holds
     * {@code OperationFlags.WRITE_*} bits.
     */
    public static final StructLayout FUSE_WRITE_IN = struct("fuse_write_in",
            u64("fh"), u64("offset"), u32("size"), u32("write_flags"), u64("lock_owner"),
            u32("flags"), u32("padding"));

    /**
     * {@code struct fuse_fsync_in} (16 bytes): body of {@code FUSE_FSYNC} and
     * {@code FUSE_FSYNCDIR}; {@code fsync_flags} may hold {@link OperationFlags#FSYNC_FDATASYNC}.
     */
    public static final StructLayout FUSE_FSYNC_IN = struct("fuse_fsync_in",
            u64("fh"), u32("fsync_flags"), u32("padding"));
    /** Offsets of {@code fuse_fsync_in.fh} and {@code fsync_flags}, read by {@code FSYNC} and {@code FSYNCDIR}. */
    public static final long FSYNC_IN_FH = offset(FUSE_FSYNC_IN, "fh"), FSYNC_IN_FLAGS = offset(FUSE_FSYNC_IN,
            "fsync_flags");

    /**
     * {@code struct fuse_setxattr_in} (16 bytes): body of {@code FUSE_SETXATTR}, followed by the
     * name and the value. {@code setxattr_flags} and {@code padding} since 7.33 and only when
     * {@code FUSE_SETXATTR_EXT} was negotiated; otherwise the body is
     * {@link Kernel#FUSE_COMPAT_SETXATTR_IN_SIZE} bytes.
     */
    public static final StructLayout FUSE_SETXATTR_IN = struct("fuse_setxattr_in",
            u32("size"), u32("flags"), u32("setxattr_flags"), u32("padding"));

    /**
     * {@code struct fuse_getxattr_in} (8 bytes): body of {@code FUSE_GETXATTR} (followed by the
     * name) and {@code FUSE_LISTXATTR}; {@code size} 0 asks for the needed size.
     */
    public static final StructLayout FUSE_GETXATTR_IN = struct("fuse_getxattr_in",
            u32("size"), u32("padding"));
    /**
     * Offset of {@code fuse_getxattr_in.size}, read by {@code GETXATTR} and {@code LISTXATTR}, and
     * by the session to size a spilled request's reply buffer.
     */
    public static final long GETXATTR_IN_SIZE = offset(FUSE_GETXATTR_IN, "size");

    /**
     * {@code struct fuse_lk_in} (48 bytes): body of {@code FUSE_GETLK}, {@code FUSE_SETLK} and
     * {@code FUSE_SETLKW}, with a nested {@link ReplyStructs#FUSE_FILE_LOCK}. Since 7.7;
     * {@code lk_flags} ({@link OperationFlags#LK_FLOCK}) since 7.9.
     */
    public static final StructLayout FUSE_LK_IN = struct("fuse_lk_in",
            u64("fh"), u64("owner"), FUSE_FILE_LOCK.withName("lk"), u32("lk_flags"),
            u32("padding"));

    /** {@code struct fuse_access_in} (8 bytes): body of {@code FUSE_ACCESS}. Since 7.3. */
    public static final StructLayout FUSE_ACCESS_IN = struct("fuse_access_in",
            u32("mask"), u32("padding"));

    /**
     * {@code struct fuse_interrupt_in} (8 bytes): body of {@code FUSE_INTERRUPT}, naming the
     * {@code unique} of the interrupted request. Since 7.7.
     */
    public static final StructLayout FUSE_INTERRUPT_IN = struct("fuse_interrupt_in",
            u64("unique"));

    /** {@code struct fuse_bmap_in} (16 bytes): body of {@code FUSE_BMAP}. Since 7.8. */
    public static final StructLayout FUSE_BMAP_IN = struct("fuse_bmap_in",
            u64("block"), u32("blocksize"), u32("padding"));

    /**
     * {@code struct fuse_ioctl_in} (32 bytes): body of {@code FUSE_IOCTL}, followed by
     * {@code in_size} bytes of input; {@code flags} holds {@code OperationFlags.IOCTL_*} bits. Since 7.11.
     */
    public static final StructLayout FUSE_IOCTL_IN = struct("fuse_ioctl_in",
            u64("fh"), u32("flags"), u32("cmd"), u64("arg"), u32("in_size"), u32("out_size"));
    /** Offset of {@code fuse_ioctl_in.out_size}, read by {@code IOCTL} and to size a spilled reply. */
    public static final long IOCTL_IN_OUT_SIZE = offset(FUSE_IOCTL_IN, "out_size");

    /**
     * {@code struct fuse_poll_in} (24 bytes): body of {@code FUSE_POLL}; {@code kh} identifies the
     * waiter for {@code FUSE_NOTIFY_POLL}. Since 7.11; {@code events} since 7.21 (padding before).
     */
    public static final StructLayout FUSE_POLL_IN = struct("fuse_poll_in",
            u64("fh"), u64("kh"), u32("flags"), u32("events"));

    /**
     * {@code struct fuse_fallocate_in} (32 bytes): body of {@code FUSE_FALLOCATE}; {@code mode}
     * holds the {@code fallocate(2)} mode bits. Since 7.19.
     */
    public static final StructLayout FUSE_FALLOCATE_IN = struct("fuse_fallocate_in",
            u64("fh"), u64("offset"), u64("length"), u32("mode"), u32("padding"));

    /** {@code struct fuse_lseek_in} (24 bytes): body of {@code FUSE_LSEEK}. Since 7.24. */
    public static final StructLayout FUSE_LSEEK_IN = struct("fuse_lseek_in",
            u64("fh"), u64("offset"), u32("whence"), u32("padding"));

    /**
     * {@code struct fuse_copy_file_range_in} (56 bytes): body of {@code FUSE_COPY_FILE_RANGE} and
     * {@code FUSE_COPY_FILE_RANGE_64}. Since 7.28.
     */
    public static final StructLayout FUSE_COPY_FILE_RANGE_IN = struct("fuse_copy_file_range_in",
            u64("fh_in"), u64("off_in"), u64("nodeid_out"), u64("fh_out"), u64("off_out"),
            u64("len"), u64("flags"));

    /**
     * {@code struct fuse_setupmapping_in} (40 bytes): body of {@code FUSE_SETUPMAPPING};
     * {@code flags} holds {@code OperationFlags.SETUPMAPPING_FLAG_*} bits. Since 7.31.
     */
    public static final StructLayout FUSE_SETUPMAPPING_IN = struct("fuse_setupmapping_in",
            u64("fh"), u64("foffset"), u64("len"), u64("flags"), u64("moffset"));

    /**
     * {@code struct fuse_removemapping_in} (4 bytes): body of {@code FUSE_REMOVEMAPPING},
     * followed by {@code count} {@code fuse_removemapping_one} entries. Since 7.31.
     */
    public static final StructLayout FUSE_REMOVEMAPPING_IN = struct("fuse_removemapping_in",
            u32("count"));

    /**
     * {@code struct fuse_removemapping_one} (16 bytes): one entry of a
     * {@code FUSE_REMOVEMAPPING} body. Since 7.31.
     */
    public static final StructLayout FUSE_REMOVEMAPPING_ONE = struct("fuse_removemapping_one",
            u64("moffset"), u64("len"));

    /** {@code struct fuse_syncfs_in} (8 bytes): body of {@code FUSE_SYNCFS}. Since 7.34. */
    public static final StructLayout FUSE_SYNCFS_IN = struct("fuse_syncfs_in",
            u64("padding"));
}
