package dev.panamafuse.mount;

import java.io.IOException;
import java.util.Objects;

/**
 * Mounting failed. The message is one line naming what was wrong and where (e.g.
 * {@code "mountpoint /mnt/x does not exist"}), fit to show a user as it is; {@link #reason()}
 * tells the kinds apart, so a program (or the CLI's exit code) can react to each.
 */
public final class MountException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What kind of problem prevented the mount. */
    public enum Reason {
        /** The mountpoint does not exist. */
        MOUNTPOINT_MISSING,
        /** The mountpoint is not a directory. */
        NOT_A_DIRECTORY,
        /** The caller may not mount there (or may not mount at all). */
        PERMISSION_DENIED,
        /** Something is already mounted on the mountpoint. */
        ALREADY_MOUNTED,
        /** The mountpoint is a dead FUSE mount ("Transport endpoint is not connected"). */
        STALE_MOUNT,
        /** {@code /dev/fuse} does not exist (the fuse module is not loaded). */
        DEVICE_MISSING,
        /** {@code /dev/fuse} exists but cannot be opened. */
        DEVICE_DENIED,
        /** The kernel refused the mount options. */
        BAD_OPTIONS,
        /** The kernel's FUSE protocol is too old, or INIT failed. */
        PROTOCOL,
        /** An unprivileged mount needs {@code fusermount3} (Debian package {@code fuse3}), which is missing. */
        FUSERMOUNT_MISSING,
        /**
         * {@code allow_other} was asked for without privileges, and {@code /etc/fuse.conf} does not
         * contain {@code user_allow_other}.
         */
        ALLOW_OTHER_REFUSED,
        /** Nothing is mounted on the path to unmount. */
        NOT_MOUNTED,
        /** Anything else. */
        OTHER
    }

    /** Why the mount failed. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason  the kind of failure
     * @param message one line for the user
     */
    public MountException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates the exception with a cause.
     *
     * @param reason  the kind of failure
     * @param message one line for the user
     * @param cause   the underlying failure
     */
    public MountException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** {@return the kind of failure} */
    public Reason reason() {
        return reason;
    }
}
