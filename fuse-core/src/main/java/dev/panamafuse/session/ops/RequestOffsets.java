package dev.panamafuse.session.ops;

import static dev.panamafuse.protocol.RequestStructs.FUSE_ACCESS_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_BATCH_FORGET_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_BMAP_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_COPY_FILE_RANGE_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_CREATE_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FALLOCATE_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FLUSH_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FORGET_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FORGET_ONE;
import static dev.panamafuse.protocol.RequestStructs.FUSE_GETATTR_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_IOCTL_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_LINK_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_LK_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_LSEEK_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_MKDIR_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_MKNOD_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_POLL_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_RELEASE_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_RENAME2_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_RENAME_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_SETATTR_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_SETXATTR_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_STATX_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_WRITE_IN;
import static dev.panamafuse.protocol.StructFields.offset;

/**
 * The byte offsets of the request-struct fields the operation families read, named
 * {@code STRUCT_FIELD} after the kernel's struct (without {@code fuse_}) and field, e.g.
 * {@code WRITE_IN_FH} for {@code fuse_write_in.fh}: derived once from the layouts of
 * {@link dev.panamafuse.protocol.RequestStructs}, grouped by struct.
 */
final class RequestOffsets {
    static final long GETATTR_IN_GETATTR_FLAGS = offset(FUSE_GETATTR_IN, "getattr_flags");
    static final long GETATTR_IN_FH = offset(FUSE_GETATTR_IN, "fh");

    static final long STATX_IN_GETATTR_FLAGS = offset(FUSE_STATX_IN, "getattr_flags");
    static final long STATX_IN_FH = offset(FUSE_STATX_IN, "fh");
    static final long STATX_IN_SX_FLAGS = offset(FUSE_STATX_IN, "sx_flags");
    static final long STATX_IN_SX_MASK = offset(FUSE_STATX_IN, "sx_mask");

    static final long ACCESS_IN_MASK = offset(FUSE_ACCESS_IN, "mask");

    static final long SETATTR_IN_VALID = offset(FUSE_SETATTR_IN, "valid");
    static final long SETATTR_IN_FH = offset(FUSE_SETATTR_IN, "fh");
    static final long SETATTR_IN_SIZE = offset(FUSE_SETATTR_IN, "size");
    static final long SETATTR_IN_LOCK_OWNER = offset(FUSE_SETATTR_IN, "lock_owner");
    static final long SETATTR_IN_ATIME = offset(FUSE_SETATTR_IN, "atime");
    static final long SETATTR_IN_MTIME = offset(FUSE_SETATTR_IN, "mtime");
    static final long SETATTR_IN_CTIME = offset(FUSE_SETATTR_IN, "ctime");
    static final long SETATTR_IN_ATIMENSEC = offset(FUSE_SETATTR_IN, "atimensec");
    static final long SETATTR_IN_MTIMENSEC = offset(FUSE_SETATTR_IN, "mtimensec");
    static final long SETATTR_IN_CTIMENSEC = offset(FUSE_SETATTR_IN, "ctimensec");
    static final long SETATTR_IN_MODE = offset(FUSE_SETATTR_IN, "mode");
    static final long SETATTR_IN_UID = offset(FUSE_SETATTR_IN, "uid");
    static final long SETATTR_IN_GID = offset(FUSE_SETATTR_IN, "gid");

    static final long FORGET_IN_NLOOKUP = offset(FUSE_FORGET_IN, "nlookup");

    static final long BATCH_FORGET_IN_COUNT = offset(FUSE_BATCH_FORGET_IN, "count");

    static final long FORGET_ONE_NODEID = offset(FUSE_FORGET_ONE, "nodeid");
    static final long FORGET_ONE_NLOOKUP = offset(FUSE_FORGET_ONE, "nlookup");

    static final long MKNOD_IN_MODE = offset(FUSE_MKNOD_IN, "mode");
    static final long MKNOD_IN_RDEV = offset(FUSE_MKNOD_IN, "rdev");
    static final long MKNOD_IN_UMASK = offset(FUSE_MKNOD_IN, "umask");

    static final long MKDIR_IN_MODE = offset(FUSE_MKDIR_IN, "mode");
    static final long MKDIR_IN_UMASK = offset(FUSE_MKDIR_IN, "umask");

    static final long RENAME_IN_NEWDIR = offset(FUSE_RENAME_IN, "newdir");

    static final long RENAME2_IN_NEWDIR = offset(FUSE_RENAME2_IN, "newdir");
    static final long RENAME2_IN_FLAGS = offset(FUSE_RENAME2_IN, "flags");

    static final long LINK_IN_OLDNODEID = offset(FUSE_LINK_IN, "oldnodeid");

    static final long WRITE_IN_FH = offset(FUSE_WRITE_IN, "fh");
    static final long WRITE_IN_OFFSET = offset(FUSE_WRITE_IN, "offset");
    static final long WRITE_IN_SIZE = offset(FUSE_WRITE_IN, "size");
    static final long WRITE_IN_WRITE_FLAGS = offset(FUSE_WRITE_IN, "write_flags");

    static final long RELEASE_IN_FLAGS = offset(FUSE_RELEASE_IN, "flags");
    static final long RELEASE_IN_RELEASE_FLAGS = offset(FUSE_RELEASE_IN, "release_flags");
    static final long RELEASE_IN_LOCK_OWNER = offset(FUSE_RELEASE_IN, "lock_owner");

    static final long FLUSH_IN_FH = offset(FUSE_FLUSH_IN, "fh");
    static final long FLUSH_IN_LOCK_OWNER = offset(FUSE_FLUSH_IN, "lock_owner");

    static final long CREATE_IN_FLAGS = offset(FUSE_CREATE_IN, "flags");
    static final long CREATE_IN_MODE = offset(FUSE_CREATE_IN, "mode");
    static final long CREATE_IN_UMASK = offset(FUSE_CREATE_IN, "umask");

    static final long FALLOCATE_IN_FH = offset(FUSE_FALLOCATE_IN, "fh");
    static final long FALLOCATE_IN_OFFSET = offset(FUSE_FALLOCATE_IN, "offset");
    static final long FALLOCATE_IN_LENGTH = offset(FUSE_FALLOCATE_IN, "length");
    static final long FALLOCATE_IN_MODE = offset(FUSE_FALLOCATE_IN, "mode");

    static final long LSEEK_IN_FH = offset(FUSE_LSEEK_IN, "fh");
    static final long LSEEK_IN_OFFSET = offset(FUSE_LSEEK_IN, "offset");
    static final long LSEEK_IN_WHENCE = offset(FUSE_LSEEK_IN, "whence");

    static final long COPY_FILE_RANGE_IN_FH_IN = offset(FUSE_COPY_FILE_RANGE_IN, "fh_in");
    static final long COPY_FILE_RANGE_IN_OFF_IN = offset(FUSE_COPY_FILE_RANGE_IN, "off_in");
    static final long COPY_FILE_RANGE_IN_NODEID_OUT = offset(FUSE_COPY_FILE_RANGE_IN, "nodeid_out");
    static final long COPY_FILE_RANGE_IN_FH_OUT = offset(FUSE_COPY_FILE_RANGE_IN, "fh_out");
    static final long COPY_FILE_RANGE_IN_OFF_OUT = offset(FUSE_COPY_FILE_RANGE_IN, "off_out");
    static final long COPY_FILE_RANGE_IN_LEN = offset(FUSE_COPY_FILE_RANGE_IN, "len");
    static final long COPY_FILE_RANGE_IN_FLAGS = offset(FUSE_COPY_FILE_RANGE_IN, "flags");

    static final long IOCTL_IN_FH = offset(FUSE_IOCTL_IN, "fh");
    static final long IOCTL_IN_FLAGS = offset(FUSE_IOCTL_IN, "flags");
    static final long IOCTL_IN_CMD = offset(FUSE_IOCTL_IN, "cmd");
    static final long IOCTL_IN_ARG = offset(FUSE_IOCTL_IN, "arg");
    static final long IOCTL_IN_IN_SIZE = offset(FUSE_IOCTL_IN, "in_size");

    static final long POLL_IN_FH = offset(FUSE_POLL_IN, "fh");
    static final long POLL_IN_KH = offset(FUSE_POLL_IN, "kh");
    static final long POLL_IN_FLAGS = offset(FUSE_POLL_IN, "flags");
    static final long POLL_IN_EVENTS = offset(FUSE_POLL_IN, "events");

    static final long BMAP_IN_BLOCK = offset(FUSE_BMAP_IN, "block");
    static final long BMAP_IN_BLOCKSIZE = offset(FUSE_BMAP_IN, "blocksize");

    static final long LK_IN_FH = offset(FUSE_LK_IN, "fh");
    static final long LK_IN_OWNER = offset(FUSE_LK_IN, "owner");
    static final long LK_IN_LK = offset(FUSE_LK_IN, "lk");
    static final long LK_IN_LK_FLAGS = offset(FUSE_LK_IN, "lk_flags");

    static final long SETXATTR_IN_SIZE = offset(FUSE_SETXATTR_IN, "size");
    static final long SETXATTR_IN_FLAGS = offset(FUSE_SETXATTR_IN, "flags");
    static final long SETXATTR_IN_SETXATTR_FLAGS = offset(FUSE_SETXATTR_IN, "setxattr_flags");

    private RequestOffsets() {
    }
}
