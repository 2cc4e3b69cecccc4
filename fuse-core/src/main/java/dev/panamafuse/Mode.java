package dev.panamafuse;

/**
 * The file-type and permission bits of {@code st_mode} ({@code <sys/stat.h>}), for building
 * {@link Attr#mode()} values and reading the {@code mode} arguments of {@code mknod},
 * {@code mkdir} and {@code create}.
 */
public final class Mode {
    /** Mask of the file-type bits. */
    public static final int S_IFMT = 0170000;
    /** Socket. */
    public static final int S_IFSOCK = 0140000;
    /** Symbolic link. */
    public static final int S_IFLNK = 0120000;
    /** Regular file. */
    public static final int S_IFREG = 0100000;
    /** Block device. */
    public static final int S_IFBLK = 0060000;
    /** Directory. */
    public static final int S_IFDIR = 0040000;
    /** Character device. */
    public static final int S_IFCHR = 0020000;
    /** FIFO (named pipe). */
    public static final int S_IFIFO = 0010000;
    /** Set-user-id on execution. */
    public static final int S_ISUID = 04000;
    /** Set-group-id on execution; on a directory, new entries inherit its group. */
    public static final int S_ISGID = 02000;
    /** Sticky bit: in a directory only the owner of an entry (or of the directory) may remove it. */
    public static final int S_ISVTX = 01000;
    /** Mask of the permission bits including set-id and sticky bits. */
    public static final int PERMISSIONS = 07777;

    private Mode() {
    }

    /**
     * The file type of a mode, e.g. {@link #S_IFDIR}.
     *
     * @param mode an {@code st_mode} value
     * @return {@code mode & S_IFMT}
     */
    public static int type(int mode) {
        return mode & S_IFMT;
    }

    /**
     * Whether the mode is a directory.
     *
     * @param mode an {@code st_mode} value
     * @return true for {@link #S_IFDIR}
     */
    public static boolean isDirectory(int mode) {
        return type(mode) == S_IFDIR;
    }

    /**
     * Whether the mode is a regular file.
     *
     * @param mode an {@code st_mode} value
     * @return true for {@link #S_IFREG}
     */
    public static boolean isRegular(int mode) {
        return type(mode) == S_IFREG;
    }

    /**
     * The {@code d_type} of a directory entry ({@code DT_REG} = 8, {@code DT_DIR} = 4, ...) for a
     * mode: {@code (mode & S_IFMT) >> 12}.
     *
     * @param mode an {@code st_mode} value
     * @return the dirent type, 0 ({@code DT_UNKNOWN}) when the type bits are 0
     */
    public static int direntType(int mode) {
        return type(mode) >>> 12;
    }
}
