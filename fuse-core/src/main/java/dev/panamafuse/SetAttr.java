package dev.panamafuse;

import java.time.Instant;

/**
 * The changes one {@code setattr} asks for ({@code struct fuse_setattr_in}). Only the fields whose
 * {@code has...} method returns true are requested; the others hold no meaning.
 *
 * <p>{@code chmod} sets the mode, {@code chown} the uid and/or gid, {@code truncate} the size,
 * {@code utimensat} the times: {@link #atimeNow()} / {@link #mtimeNow()} mean "the current time of
 * the filesystem" ({@code UTIME_NOW}), and a time that is not requested was {@code UTIME_OMIT}.
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
    public static final int FATTR_MODE = 1;
    /** {@code FATTR_UID}. */
    public static final int FATTR_UID = 1 << 1;
    /** {@code FATTR_GID}. */
    public static final int FATTR_GID = 1 << 2;
    /** {@code FATTR_SIZE}. */
    public static final int FATTR_SIZE = 1 << 3;
    /** {@code FATTR_ATIME}. */
    public static final int FATTR_ATIME = 1 << 4;
    /** {@code FATTR_MTIME}. */
    public static final int FATTR_MTIME = 1 << 5;
    /** {@code FATTR_FH}. */
    public static final int FATTR_FH = 1 << 6;
    /** {@code FATTR_ATIME_NOW}. */
    public static final int FATTR_ATIME_NOW = 1 << 7;
    /** {@code FATTR_MTIME_NOW}. */
    public static final int FATTR_MTIME_NOW = 1 << 8;
    /** {@code FATTR_LOCKOWNER}. */
    public static final int FATTR_LOCKOWNER = 1 << 9;
    /** {@code FATTR_CTIME}. */
    public static final int FATTR_CTIME = 1 << 10;
    /** {@code FATTR_KILL_SUIDGID}: clear set-user-id and set-group-id (with handle_killpriv_v2). */
    public static final int FATTR_KILL_SUIDGID = 1 << 11;

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
