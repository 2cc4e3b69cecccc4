package dev.panamafuse.codec;

import static dev.panamafuse.protocol.ReplyStructs.FUSE_ATTR;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_ATTR_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_DIRENT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_DIRENTPLUS;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_ENTRY_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_FILE_LOCK;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_KSTATFS;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_LK_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_OPEN_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_STATFS_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_STATX;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_STATX_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_SX_TIME;
import static dev.panamafuse.protocol.StructFields.offset;

/**
 * The byte offsets of the reply-struct fields the encoders write (and of {@code fuse_file_lock},
 * which the lock requests carry too), named {@code STRUCT_FIELD} after the kernel's struct
 * (without {@code fuse_}) and field, e.g. {@code ATTR_OUT_ATTR_VALID} for
 * {@code fuse_attr_out.attr_valid}: derived once from the layouts of
 * {@link dev.panamafuse.protocol.ReplyStructs}, grouped by struct.
 */
final class ReplyOffsets {
    static final long ATTR_INO = offset(FUSE_ATTR, "ino");
    static final long ATTR_SIZE = offset(FUSE_ATTR, "size");
    static final long ATTR_BLOCKS = offset(FUSE_ATTR, "blocks");
    static final long ATTR_ATIME = offset(FUSE_ATTR, "atime");
    static final long ATTR_MTIME = offset(FUSE_ATTR, "mtime");
    static final long ATTR_CTIME = offset(FUSE_ATTR, "ctime");
    static final long ATTR_ATIMENSEC = offset(FUSE_ATTR, "atimensec");
    static final long ATTR_MTIMENSEC = offset(FUSE_ATTR, "mtimensec");
    static final long ATTR_CTIMENSEC = offset(FUSE_ATTR, "ctimensec");
    static final long ATTR_MODE = offset(FUSE_ATTR, "mode");
    static final long ATTR_NLINK = offset(FUSE_ATTR, "nlink");
    static final long ATTR_UID = offset(FUSE_ATTR, "uid");
    static final long ATTR_GID = offset(FUSE_ATTR, "gid");
    static final long ATTR_RDEV = offset(FUSE_ATTR, "rdev");
    static final long ATTR_BLKSIZE = offset(FUSE_ATTR, "blksize");
    static final long ATTR_FLAGS = offset(FUSE_ATTR, "flags");

    static final long ENTRY_OUT_NODEID = offset(FUSE_ENTRY_OUT, "nodeid");
    static final long ENTRY_OUT_GENERATION = offset(FUSE_ENTRY_OUT, "generation");
    static final long ENTRY_OUT_ENTRY_VALID = offset(FUSE_ENTRY_OUT, "entry_valid");
    static final long ENTRY_OUT_ATTR_VALID = offset(FUSE_ENTRY_OUT, "attr_valid");
    static final long ENTRY_OUT_ENTRY_VALID_NSEC = offset(FUSE_ENTRY_OUT, "entry_valid_nsec");
    static final long ENTRY_OUT_ATTR_VALID_NSEC = offset(FUSE_ENTRY_OUT, "attr_valid_nsec");
    static final long ENTRY_OUT_ATTR = offset(FUSE_ENTRY_OUT, "attr");

    static final long ATTR_OUT_ATTR_VALID = offset(FUSE_ATTR_OUT, "attr_valid");
    static final long ATTR_OUT_ATTR_VALID_NSEC = offset(FUSE_ATTR_OUT, "attr_valid_nsec");
    static final long ATTR_OUT_ATTR = offset(FUSE_ATTR_OUT, "attr");

    static final long STATX_OUT_STAT = offset(FUSE_STATX_OUT, "stat");
    static final long STATX_OUT_ATTR_VALID = offset(FUSE_STATX_OUT, "attr_valid");
    static final long STATX_OUT_ATTR_VALID_NSEC = offset(FUSE_STATX_OUT, "attr_valid_nsec");

    static final long STATX_ATIME = offset(FUSE_STATX, "atime");
    static final long STATX_ATTRIBUTES = offset(FUSE_STATX, "attributes");
    static final long STATX_ATTRIBUTES_MASK = offset(FUSE_STATX, "attributes_mask");
    static final long STATX_BLKSIZE = offset(FUSE_STATX, "blksize");
    static final long STATX_BLOCKS = offset(FUSE_STATX, "blocks");
    static final long STATX_BTIME = offset(FUSE_STATX, "btime");
    static final long STATX_CTIME = offset(FUSE_STATX, "ctime");
    static final long STATX_GID = offset(FUSE_STATX, "gid");
    static final long STATX_INO = offset(FUSE_STATX, "ino");
    static final long STATX_MASK = offset(FUSE_STATX, "mask");
    static final long STATX_MODE = offset(FUSE_STATX, "mode");
    static final long STATX_MTIME = offset(FUSE_STATX, "mtime");
    static final long STATX_NLINK = offset(FUSE_STATX, "nlink");
    static final long STATX_RDEV_MAJOR = offset(FUSE_STATX, "rdev_major");
    static final long STATX_RDEV_MINOR = offset(FUSE_STATX, "rdev_minor");
    static final long STATX_SIZE = offset(FUSE_STATX, "size");
    static final long STATX_UID = offset(FUSE_STATX, "uid");

    static final long SX_TIME_TV_SEC = offset(FUSE_SX_TIME, "tv_sec");
    static final long SX_TIME_TV_NSEC = offset(FUSE_SX_TIME, "tv_nsec");

    static final long STATFS_OUT_ST = offset(FUSE_STATFS_OUT, "st");

    static final long KSTATFS_BLOCKS = offset(FUSE_KSTATFS, "blocks");
    static final long KSTATFS_BFREE = offset(FUSE_KSTATFS, "bfree");
    static final long KSTATFS_BAVAIL = offset(FUSE_KSTATFS, "bavail");
    static final long KSTATFS_FILES = offset(FUSE_KSTATFS, "files");
    static final long KSTATFS_FFREE = offset(FUSE_KSTATFS, "ffree");
    static final long KSTATFS_BSIZE = offset(FUSE_KSTATFS, "bsize");
    static final long KSTATFS_NAMELEN = offset(FUSE_KSTATFS, "namelen");
    static final long KSTATFS_FRSIZE = offset(FUSE_KSTATFS, "frsize");

    static final long FILE_LOCK_START = offset(FUSE_FILE_LOCK, "start");
    static final long FILE_LOCK_END = offset(FUSE_FILE_LOCK, "end");
    static final long FILE_LOCK_TYPE = offset(FUSE_FILE_LOCK, "type");
    static final long FILE_LOCK_PID = offset(FUSE_FILE_LOCK, "pid");

    static final long LK_OUT_LK = offset(FUSE_LK_OUT, "lk");

    static final long DIRENT_INO = offset(FUSE_DIRENT, "ino");
    static final long DIRENT_OFF = offset(FUSE_DIRENT, "off");
    static final long DIRENT_NAMELEN = offset(FUSE_DIRENT, "namelen");
    static final long DIRENT_TYPE = offset(FUSE_DIRENT, "type");

    static final long DIRENTPLUS_DIRENT = offset(FUSE_DIRENTPLUS, "dirent");

    static final long OPEN_OUT_FH = offset(FUSE_OPEN_OUT, "fh");
    static final long OPEN_OUT_OPEN_FLAGS = offset(FUSE_OPEN_OUT, "open_flags");
    static final long OPEN_OUT_BACKING_ID = offset(FUSE_OPEN_OUT, "backing_id");

    private ReplyOffsets() {
    }
}
