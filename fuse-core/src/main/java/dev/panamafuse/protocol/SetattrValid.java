package dev.panamafuse.protocol;

/**
 * The {@code FATTR_*} bits of {@code fuse_setattr_in.valid} (protocol 7.45): which attributes a
 * {@code SETATTR} request changes. Names are the kernel's.
 */
public final class SetattrValid {

    private SetattrValid() {
    }

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

    private static final String[] NAMES = {
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
    public static String describe(int valid) {
        return BitNames.describe(Integer.toUnsignedLong(valid), NAMES);
    }
}
