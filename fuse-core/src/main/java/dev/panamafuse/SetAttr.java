package dev.panamafuse;

import dev.panamafuse.protocol.OperationFlags;
import java.time.Instant;

/**
 * The changes one {@code setattr} asks for ({@code struct fuse_setattr_in}). Only the fields whose
 * {@code has...} method returns true are requested; the others hold no meaning.
 *
 * <p>{@code chmod} sets the mode, {@code chown} the uid and/or gid, {@code truncate} the size,
 * {@code utimensat} the times: {@link #atimeNow()} / {@link #mtimeNow()} mean "the current time of
 * the filesystem" ({@code UTIME_NOW}), and a time that is not requested was {@code UTIME_OMIT}.
 *
 * <p>The {@code FATTR_*} constants are the kernel's bits of {@code fuse_setattr_in.valid}, taken
 * from the protocol definitions (not copied).
 *
 * @param valid     the kernel's {@code FATTR_*} bits
 * @param fh        file handle when {@link #hasFh()} (an {@code ftruncate} on an open file)
 * @param size      new size
 * @param lockOwner lock owner when {@link #hasLockOwner()}
 * @param atime     new access time
 * @param mtime     new modification time
 * @param ctime     new change time
 * @param mode      new permission bits (the type bits are unchanged)
 * @param uid       new owner
 * @param gid       new group
 */
public record SetAttr(int valid, long fh, long size, long lockOwner, Instant atime, Instant mtime, Instant ctime,
                      int mode, int uid, int gid) {
    /** {@code FATTR_MODE}. */
    public static final int FATTR_MODE = OperationFlags.FATTR_MODE;
    /** {@code FATTR_UID}. */
    public static final int FATTR_UID = OperationFlags.FATTR_UID;
    /** {@code FATTR_GID}. */
    public static final int FATTR_GID = OperationFlags.FATTR_GID;
    /** {@code FATTR_SIZE}. */
    public static final int FATTR_SIZE = OperationFlags.FATTR_SIZE;
    /** {@code FATTR_ATIME}. */
    public static final int FATTR_ATIME = OperationFlags.FATTR_ATIME;
    /** {@code FATTR_MTIME}. */
    public static final int FATTR_MTIME = OperationFlags.FATTR_MTIME;
    /** {@code FATTR_FH}. */
    public static final int FATTR_FH = OperationFlags.FATTR_FH;
    /** {@code FATTR_ATIME_NOW}. */
    public static final int FATTR_ATIME_NOW = OperationFlags.FATTR_ATIME_NOW;
    /** {@code FATTR_MTIME_NOW}. */
    public static final int FATTR_MTIME_NOW = OperationFlags.FATTR_MTIME_NOW;
    /** {@code FATTR_LOCKOWNER}. */
    public static final int FATTR_LOCKOWNER = OperationFlags.FATTR_LOCKOWNER;
    /** {@code FATTR_CTIME}. */
    public static final int FATTR_CTIME = OperationFlags.FATTR_CTIME;
    /** {@code FATTR_KILL_SUIDGID}: clear set-user-id and set-group-id (with handle_killpriv_v2). */
    public static final int FATTR_KILL_SUIDGID = OperationFlags.FATTR_KILL_SUIDGID;

    /** {@return whether the mode is to change} */
    public boolean hasMode() {
        return (valid & FATTR_MODE) != 0;
    }

    /** {@return whether the owner is to change} */
    public boolean hasUid() {
        return (valid & FATTR_UID) != 0;
    }

    /** {@return whether the group is to change} */
    public boolean hasGid() {
        return (valid & FATTR_GID) != 0;
    }

    /** {@return whether the size is to change (truncate)} */
    public boolean hasSize() {
        return (valid & FATTR_SIZE) != 0;
    }

    /** {@return whether the access time is to change, to {@link #atime()} or, if {@link #atimeNow()}, to now} */
    public boolean hasAtime() {
        return (valid & (FATTR_ATIME | FATTR_ATIME_NOW)) != 0;
    }

    /** {@return whether the access time is to be set to the current time} */
    public boolean atimeNow() {
        return (valid & FATTR_ATIME_NOW) != 0;
    }

    /** {@return whether the modification time is to change, to {@link #mtime()} or, if {@link #mtimeNow()}, to now} */
    public boolean hasMtime() {
        return (valid & (FATTR_MTIME | FATTR_MTIME_NOW)) != 0;
    }

    /** {@return whether the modification time is to be set to the current time} */
    public boolean mtimeNow() {
        return (valid & FATTR_MTIME_NOW) != 0;
    }

    /** {@return whether the change time is given explicitly} */
    public boolean hasCtime() {
        return (valid & FATTR_CTIME) != 0;
    }

    /** {@return whether the request came through an open file, whose handle is {@link #fh()}} */
    public boolean hasFh() {
        return (valid & FATTR_FH) != 0;
    }

    /** {@return whether {@link #lockOwner()} is set} */
    public boolean hasLockOwner() {
        return (valid & FATTR_LOCKOWNER) != 0;
    }

    /** {@return whether set-user-id and set-group-id bits are to be cleared} */
    public boolean killSuidGid() {
        return (valid & FATTR_KILL_SUIDGID) != 0;
    }
}
