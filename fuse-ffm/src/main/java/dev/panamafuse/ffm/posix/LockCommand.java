package dev.panamafuse.ffm.posix;

/**
 * The record-lock commands of {@code fcntl(2)} that {@link LockCalls#fcntlLock} takes, with their
 * Linux numbers (x86_64 and aarch64). The {@code F_*} forms lock for the process; the
 * {@code F_OFD_*} forms for the open file description (all {@code dup}s of one {@code open}), so
 * that one process can hold locks for many owners.
 */
public enum LockCommand {
    /** {@code F_GETLK}: test a process-owned record lock. */
    F_GETLK(5),
    /** {@code F_SETLK}: place or remove a process-owned record lock without waiting. */
    F_SETLK(6),
    /** {@code F_SETLKW}: the same, waiting for a conflicting lock to go. */
    F_SETLKW(7),
    /** {@code F_OFD_GETLK}: test an open-file-description lock. */
    F_OFD_GETLK(36),
    /** {@code F_OFD_SETLK}: place or remove an open-file-description lock without waiting. */
    F_OFD_SETLK(37),
    /** {@code F_OFD_SETLKW}: the same, waiting for a conflicting lock to go. */
    F_OFD_SETLKW(38);

    private final int cmd;

    LockCommand(int cmd) {
        this.cmd = cmd;
    }

    /** {@return the {@code cmd} argument of {@code fcntl}, e.g. 37 for {@link #F_OFD_SETLK}} */
    public int cmd() {
        return cmd;
    }
}
