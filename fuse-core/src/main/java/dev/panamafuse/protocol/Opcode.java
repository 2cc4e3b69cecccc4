package dev.panamafuse.protocol;

import static dev.panamafuse.protocol.MessageStructs.CUSE_INIT_IN;
import static dev.panamafuse.protocol.MessageStructs.CUSE_INIT_OUT;
import static dev.panamafuse.protocol.MessageStructs.FUSE_INIT_IN;
import static dev.panamafuse.protocol.MessageStructs.FUSE_INIT_OUT;
import static dev.panamafuse.protocol.NotifyStructs.FUSE_NOTIFY_RETRIEVE_IN;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_ATTR_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_BMAP_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_COPY_FILE_RANGE_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_ENTRY_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_GETXATTR_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_IOCTL_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_LK_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_LSEEK_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_OPEN_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_POLL_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_STATFS_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_STATX_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_WRITE_OUT;
import static dev.panamafuse.protocol.RequestStructs.FUSE_ACCESS_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_BATCH_FORGET_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_BMAP_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_COPY_FILE_RANGE_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_CREATE_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FALLOCATE_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FLUSH_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FORGET_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FSYNC_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_GETATTR_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_GETXATTR_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_INTERRUPT_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_IOCTL_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_LINK_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_LK_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_LSEEK_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_MKDIR_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_MKNOD_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_OPEN_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_POLL_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_READ_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_RELEASE_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_REMOVEMAPPING_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_RENAME2_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_RENAME_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_SETATTR_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_SETUPMAPPING_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_SETXATTR_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_STATX_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_SYNCFS_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_WRITE_IN;
import static dev.panamafuse.protocol.StructFields.NONE;

import java.lang.foreign.StructLayout;

/**
 * The request opcodes of {@code enum fuse_opcode} (protocol 7.45), as carried in
 * {@code fuse_in_header.opcode}.
 *
 * <p>Constant names are the kernel names without the {@code FUSE_} prefix ({@link #CUSE_INIT} keeps
 * its {@code CUSE_} prefix). The byte-swapped sentinels {@code FUSE_INIT_BSWAP_RESERVED} and
 * {@code CUSE_INIT_BSWAP_RESERVED} are not opcodes a server handles; they live in {@link Kernel}.
 *
 * <p>{@link #since()} is the protocol minor that introduced the opcode according to the changelog
 * at the top of {@code include/uapi/linux/fuse.h}; opcodes the changelog does not list as added
 * (LOOKUP, FORGET, GETATTR, READLINK, STATFS, INIT) date from 7.0.
 *
 * <p>Each row also names the operation's layouts: {@link #in()}, the fixed struct that follows
 * {@code fuse_in_header} (names or data may follow it), and {@link #out()}, the fixed struct that
 * follows {@code fuse_out_header} in a success reply; {@link StructFields#NONE} where there is
 * none (a request of names only, a reply of data only or an empty one).
 */
public enum Opcode {
    /** {@code FUSE_LOOKUP}: look up a name in a directory. */
    LOOKUP(1, 0, true, NONE, FUSE_ENTRY_OUT),
    /** {@code FUSE_FORGET}: drop lookup references on a node; the kernel expects no reply. */
    FORGET(2, 0, false, FUSE_FORGET_IN, NONE),
    /** {@code FUSE_GETATTR}: read a node's attributes. */
    GETATTR(3, 0, true, FUSE_GETATTR_IN, FUSE_ATTR_OUT),
    /** {@code FUSE_SETATTR}: change a node's attributes. */
    SETATTR(4, 1, true, FUSE_SETATTR_IN, FUSE_ATTR_OUT),
    /** {@code FUSE_READLINK}: read a symbolic link's target. */
    READLINK(5, 0, true, NONE, NONE),
    /** {@code FUSE_SYMLINK}: create a symbolic link. */
    SYMLINK(6, 1, true, NONE, FUSE_ENTRY_OUT),
    /** {@code FUSE_MKNOD}: create a file node. */
    MKNOD(8, 1, true, FUSE_MKNOD_IN, FUSE_ENTRY_OUT),
    /** {@code FUSE_MKDIR}: create a directory. */
    MKDIR(9, 1, true, FUSE_MKDIR_IN, FUSE_ENTRY_OUT),
    /** {@code FUSE_UNLINK}: remove a name that is not a directory. */
    UNLINK(10, 1, true, NONE, NONE),
    /** {@code FUSE_RMDIR}: remove a directory. */
    RMDIR(11, 1, true, NONE, NONE),
    /** {@code FUSE_RENAME}: rename an entry. */
    RENAME(12, 1, true, FUSE_RENAME_IN, NONE),
    /** {@code FUSE_LINK}: create a hard link. */
    LINK(13, 1, true, FUSE_LINK_IN, FUSE_ENTRY_OUT),
    /** {@code FUSE_OPEN}: open a file. */
    OPEN(14, 1, true, FUSE_OPEN_IN, FUSE_OPEN_OUT),
    /** {@code FUSE_READ}: read file data. */
    READ(15, 1, true, FUSE_READ_IN, NONE),
    /** {@code FUSE_WRITE}: write file data. */
    WRITE(16, 1, true, FUSE_WRITE_IN, FUSE_WRITE_OUT),
    /** {@code FUSE_STATFS}: report file-system statistics. */
    STATFS(17, 0, true, NONE, FUSE_STATFS_OUT),
    /** {@code FUSE_RELEASE}: release an open file. */
    RELEASE(18, 1, true, FUSE_RELEASE_IN, NONE),
    /** {@code FUSE_FSYNC}: synchronize file contents. */
    FSYNC(20, 1, true, FUSE_FSYNC_IN, NONE),
    /** {@code FUSE_SETXATTR}: set an extended attribute. */
    SETXATTR(21, 1, true, FUSE_SETXATTR_IN, NONE),
    /** {@code FUSE_GETXATTR}: read an extended attribute. */
    GETXATTR(22, 1, true, FUSE_GETXATTR_IN, FUSE_GETXATTR_OUT),
    /** {@code FUSE_LISTXATTR}: list extended attribute names. */
    LISTXATTR(23, 1, true, FUSE_GETXATTR_IN, FUSE_GETXATTR_OUT),
    /** {@code FUSE_REMOVEXATTR}: remove an extended attribute. */
    REMOVEXATTR(24, 1, true, NONE, NONE),
    /** {@code FUSE_FLUSH}: a file descriptor is being closed. */
    FLUSH(25, 1, true, FUSE_FLUSH_IN, NONE),
    /** {@code FUSE_INIT}: protocol negotiation, the first request of a session. */
    INIT(26, 0, true, FUSE_INIT_IN, FUSE_INIT_OUT),
    /** {@code FUSE_OPENDIR}: open a directory. */
    OPENDIR(27, 1, true, FUSE_OPEN_IN, FUSE_OPEN_OUT),
    /** {@code FUSE_READDIR}: read directory entries. */
    READDIR(28, 1, true, FUSE_READ_IN, NONE),
    /** {@code FUSE_RELEASEDIR}: release an open directory. */
    RELEASEDIR(29, 1, true, FUSE_RELEASE_IN, NONE),
    /** {@code FUSE_FSYNCDIR}: synchronize directory contents (7.2). */
    FSYNCDIR(30, 2, true, FUSE_FSYNC_IN, NONE),
    /** {@code FUSE_GETLK}: test for a POSIX lock (7.7). */
    GETLK(31, 7, true, FUSE_LK_IN, FUSE_LK_OUT),
    /** {@code FUSE_SETLK}: acquire or release a POSIX lock without waiting (7.7). */
    SETLK(32, 7, true, FUSE_LK_IN, NONE),
    /** {@code FUSE_SETLKW}: acquire a POSIX lock, waiting for it (7.7). */
    SETLKW(33, 7, true, FUSE_LK_IN, NONE),
    /** {@code FUSE_ACCESS}: check access permissions (7.3). */
    ACCESS(34, 3, true, FUSE_ACCESS_IN, NONE),
    /** {@code FUSE_CREATE}: create and open a file (7.3). */
    CREATE(35, 3, true, FUSE_CREATE_IN, FUSE_ENTRY_OUT),
    /**
     * {@code FUSE_INTERRUPT}: interrupt a pending request (7.7). The kernel does not wait for a
     * reply; an error-only reply is allowed ({@code ENOSYS} stops further interrupts,
     * {@code EAGAIN} asks the kernel to send the interrupt again).
     */
    INTERRUPT(36, 7, true, FUSE_INTERRUPT_IN, NONE),
    /** {@code FUSE_BMAP}: map a file block to a device block (7.8). */
    BMAP(37, 8, true, FUSE_BMAP_IN, FUSE_BMAP_OUT),
    /** {@code FUSE_DESTROY}: the file system is being unmounted (7.8). */
    DESTROY(38, 8, true, NONE, NONE),
    /** {@code FUSE_IOCTL}: an ioctl on an open file (7.11). */
    IOCTL(39, 11, true, FUSE_IOCTL_IN, FUSE_IOCTL_OUT),
    /** {@code FUSE_POLL}: poll for I/O readiness (7.11). */
    POLL(40, 11, true, FUSE_POLL_IN, FUSE_POLL_OUT),
    /**
     * {@code FUSE_NOTIFY_REPLY}: the kernel's answer to a {@code FUSE_NOTIFY_RETRIEVE}
     * notification (7.15). It is itself a reply, so the kernel expects none to it.
     */
    NOTIFY_REPLY(41, 15, false, FUSE_NOTIFY_RETRIEVE_IN, NONE),
    /** {@code FUSE_BATCH_FORGET}: forget several nodes at once (7.16); no reply is expected. */
    BATCH_FORGET(42, 16, false, FUSE_BATCH_FORGET_IN, NONE),
    /** {@code FUSE_FALLOCATE}: allocate or punch file space (7.19). */
    FALLOCATE(43, 19, true, FUSE_FALLOCATE_IN, NONE),
    /** {@code FUSE_READDIRPLUS}: read directory entries with their attributes (7.21). */
    READDIRPLUS(44, 21, true, FUSE_READ_IN, NONE),
    /** {@code FUSE_RENAME2}: rename with {@code RENAME_*} flags (7.23). */
    RENAME2(45, 23, true, FUSE_RENAME2_IN, NONE),
    /** {@code FUSE_LSEEK}: {@code SEEK_DATA} / {@code SEEK_HOLE} support (7.24). */
    LSEEK(46, 24, true, FUSE_LSEEK_IN, FUSE_LSEEK_OUT),
    /** {@code FUSE_COPY_FILE_RANGE}: server-side copy, 32-bit result (7.28). */
    COPY_FILE_RANGE(47, 28, true, FUSE_COPY_FILE_RANGE_IN, FUSE_WRITE_OUT),
    /** {@code FUSE_SETUPMAPPING}: set up a DAX mapping (7.31). */
    SETUPMAPPING(48, 31, true, FUSE_SETUPMAPPING_IN, NONE),
    /** {@code FUSE_REMOVEMAPPING}: remove DAX mappings (7.31). */
    REMOVEMAPPING(49, 31, true, FUSE_REMOVEMAPPING_IN, NONE),
    /** {@code FUSE_SYNCFS}: synchronize the whole file system (7.34). */
    SYNCFS(50, 34, true, FUSE_SYNCFS_IN, NONE),
    /** {@code FUSE_TMPFILE}: create an unnamed temporary file (7.37). */
    TMPFILE(51, 37, true, FUSE_CREATE_IN, FUSE_ENTRY_OUT),
    /** {@code FUSE_STATX}: extended attributes in {@code statx(2)} form (7.39). */
    STATX(52, 39, true, FUSE_STATX_IN, FUSE_STATX_OUT),
    /** {@code FUSE_COPY_FILE_RANGE_64}: server-side copy with a 64-bit result (7.45). */
    COPY_FILE_RANGE_64(53, 45, true, FUSE_COPY_FILE_RANGE_IN, FUSE_COPY_FILE_RANGE_OUT),
    /**
     * {@code CUSE_INIT}: negotiation of a character device in user space. The header changelog
     * does not list it; it came with the CUSE patches of protocol 7.11, and the kernel's CUSE
     * driver requires a server minor of at least 11.
     */
    CUSE_INIT(4096, 11, true, CUSE_INIT_IN, CUSE_INIT_OUT);

    /** The largest FUSE (non-CUSE) opcode value; {@link #of(int)} indexes a table this long. */
    private static final int MAX_FUSE_CODE = 53;

    private static final Opcode[] BY_CODE = new Opcode[MAX_FUSE_CODE + 1];

    static {
        for (Opcode op : values()) {
            if (op.code <= MAX_FUSE_CODE) {
                BY_CODE[op.code] = op;
            }
        }
    }

    private final int code;
    private final int since;
    private final boolean hasReply;
    private final String kernelName;
    private final StructLayout in;
    private final StructLayout out;

    Opcode(int code, int since, boolean hasReply, StructLayout in, StructLayout out) {
        this.code = code;
        this.since = since;
        this.hasReply = hasReply;
        this.in = in;
        this.out = out;
        String n = name();
        this.kernelName = n.startsWith("CUSE_") ? n : "FUSE_" + n;
    }

    /**
     * The numeric opcode as it appears in {@code fuse_in_header.opcode}.
     *
     * @return the opcode value
     */
    public int code() {
        return code;
    }

    /**
     * The kernel's name of the opcode, e.g. {@code "FUSE_LOOKUP"} or {@code "CUSE_INIT"}.
     *
     * @return the name as spelled in {@code enum fuse_opcode}
     */
    public String kernelName() {
        return kernelName;
    }

    /**
     * The protocol minor version (of major 7) that introduced this opcode; 0 for the original
     * opcodes of 7.0.
     *
     * @return the introducing minor
     */
    public int since() {
        return since;
    }

    /**
     * Whether the kernel expects a reply ({@code fuse_out_header} with this request's unique) to
     * this request. False for {@link #FORGET}, {@link #BATCH_FORGET} and {@link #NOTIFY_REPLY};
     * writing a reply to one of those is rejected by the device.
     *
     * @return true if a reply must be written
     */
    public boolean hasReply() {
        return hasReply;
    }

    /**
     * The request's operation struct: the fixed struct after {@code fuse_in_header}, e.g.
     * {@code fuse_getattr_in} for {@link #GETATTR}, or {@link StructFields#NONE}. A kernel may
     * send a shorter prefix where a later minor grew it: {@code fuse_setxattr_in} is
     * {@link Kernel#FUSE_COMPAT_SETXATTR_IN_SIZE} bytes without {@code FUSE_SETXATTR_EXT}, and
     * {@code fuse_init_in} 16 bytes without {@code FUSE_INIT_EXT}.
     *
     * @return the layout
     */
    public StructLayout in() {
        return in;
    }

    /**
     * The reply's struct: the fixed struct after {@code fuse_out_header} in a success reply, e.g.
     * {@code fuse_attr_out} for {@link #GETATTR}, or {@link StructFields#NONE} for an empty reply
     * or one of data only ({@link #READ}, {@link #READLINK}, the directory reads). {@link #CREATE}
     * and {@link #TMPFILE} follow it with a {@code fuse_open_out}; {@link #GETXATTR} and
     * {@link #LISTXATTR} answer with it only when asked for the size, else with the data.
     *
     * @return the layout
     */
    public StructLayout out() {
        return out;
    }

    /**
     * The opcode with the given numeric value, in constant time and without allocating.
     *
     * @param code a {@code fuse_in_header.opcode} value
     * @return the opcode, or {@code null} if {@code code} is not an opcode of protocol 7.45
     */
    public static Opcode of(int code) {
        if (code >= 0 && code <= MAX_FUSE_CODE) {
            return BY_CODE[code];
        }
        return code == 4096 ? CUSE_INIT : null;
    }
}
