package dev.panamafuse.mount;

/**
 * How a filesystem is mounted ({@code mount_method=auto|direct|fusermount}).
 */
public enum MountMethod {
    /**
     * {@link #DIRECT} when the process has {@code CAP_SYS_ADMIN} and {@code auto_unmount} is not
     * asked for, else {@link #FUSERMOUNT}. The default.
     */
    AUTO,
    /** {@code mount(2)} on a {@code /dev/fuse} descriptor of our own; needs {@code CAP_SYS_ADMIN}. */
    DIRECT,
    /**
     * The setuid helper {@code fusermount3} (Debian package {@code fuse3}) mounts and passes the
     * {@code /dev/fuse} descriptor back over a UNIX socket; works without privileges.
     */
    FUSERMOUNT;

    /** {@return the option value: {@code auto}, {@code direct} or {@code fusermount}} */
    public String optionValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
