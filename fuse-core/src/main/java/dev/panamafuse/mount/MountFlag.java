package dev.panamafuse.mount;

/**
 * The yes/no options of a mount, held in {@link KernelOptions#flags()}: the generic mount(8)
 * flags, which {@code mount(2)} takes as {@code MS_*} bits, and the FUSE options the kernel
 * takes in its option string. Each has its mount(8) or libfuse name ({@link #optionName()}),
 * and the mount(8) flags the name of their opposite ({@link #oppositeName()}).
 */
public enum MountFlag {
    /** Read-only mount: {@code ro} ({@code MS_RDONLY}); {@code rw} turns it off. Default off. */
    READ_ONLY("ro", "rw", true, null),
    /** Set-user-id bits ignored: {@code nosuid} ({@code MS_NOSUID}); {@code suid} turns it off. Default on. */
    NOSUID("nosuid", "suid", true, null),
    /** Device nodes cannot be opened: {@code nodev} ({@code MS_NODEV}); {@code dev} turns it off. Default on. */
    NODEV("nodev", "dev", true, null),
    /** Programs cannot be executed: {@code noexec} ({@code MS_NOEXEC}); {@code exec} turns it off. */
    NOEXEC("noexec", "exec", false, null),
    /** Access times are not updated: {@code noatime} ({@code MS_NOATIME}); {@code atime} turns it off. */
    NOATIME("noatime", "atime", false, null),
    /** Writes are synchronous: {@code sync} ({@code MS_SYNCHRONOUS}); {@code async} turns it off. */
    SYNC("sync", "async", false, null),
    /** Directory changes are synchronous: {@code dirsync} ({@code MS_DIRSYNC}). */
    DIRSYNC("dirsync", null, false, null),
    /**
     * Users other than the mounting one may access the mount: the kernel's {@code allow_other}.
     * Without privileges it needs {@code user_allow_other} in {@code /etc/fuse.conf}.
     */
    ALLOW_OTHER("allow_other", null, false, "allow_other"),
    /**
     * Only the mounting user and root may access the mount: libfuse's {@code allow_root}; the
     * kernel is told {@code allow_other} and the session answers {@code EACCES} to every other user.
     */
    ALLOW_ROOT("allow_root", null, false, "allow_other"),
    /** The kernel checks permissions from the mode bits: the kernel's {@code default_permissions}. */
    DEFAULT_PERMISSIONS("default_permissions", null, false, "default_permissions");

    private final String optionName;
    private final String oppositeName;
    private final boolean alwaysWritten;
    private final String kernelName;

    MountFlag(String optionName, String oppositeName, boolean alwaysWritten, String kernelName) {
        this.optionName = optionName;
        this.oppositeName = oppositeName;
        this.alwaysWritten = alwaysWritten;
        this.kernelName = kernelName;
    }

    /** {@return the {@code -o} name that turns the flag on, e.g. {@code ro}, {@code allow_other}} */
    public String optionName() {
        return optionName;
    }

    /** {@return the mount(8) name that turns the flag off ({@code rw}, {@code suid}, …); null when there is none} */
    public String oppositeName() {
        return oppositeName;
    }

    /**
     * {@return whether the flag is a generic mount flag, given to {@code mount(2)} as an
     * {@code MS_*} bit (and to {@code fusermount3} by name), rather than a FUSE option of the
     * kernel's option string}
     */
    public boolean isMountFlag() {
        return kernelName == null;
    }

    /** {@return the word the kernel's option string carries for a FUSE option when it is on; null for a mount flag} */
    String kernelName() {
        return kernelName;
    }

    /**
     * The word option text carries for this flag in state {@code on}, or null for none: the name
     * when on; when off, the opposite name for {@code rw}, {@code suid} and {@code dev}, which are
     * always written so that {@code fusermount3} (whose own default as root is {@code suid,dev})
     * gets them, and nothing for the others.
     */
    String word(boolean on) {
        return on ? optionName : alwaysWritten ? oppositeName : null;
    }
}
