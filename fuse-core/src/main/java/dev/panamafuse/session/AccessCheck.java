package dev.panamafuse.session;

import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.protocol.Opcode;

/**
 * Who may use the mount, when the mount layer restricts it ({@code allow_root}): only the
 * mounting user and root; every other user's request is answered {@code EACCES}, except those
 * about files already open (read, write, release, ...) and the kernel's own (forget, destroy,
 * notify replies), which the kernel sends on behalf of whoever holds the file.
 */
final class AccessCheck {
    private volatile int onlyUid = -1;

    /**
     * Serves only {@code uid} and root from now on.
     *
     * @param uid the mounting user
     */
    void restrictTo(int uid) {
        this.onlyUid = uid;
    }

    /**
     * Whether a request must be refused with {@code EACCES}.
     *
     * @param frame the request
     * @param op    its opcode
     * @return true to refuse it
     */
    boolean refused(RequestFrame frame, Opcode op) {
        int only = onlyUid;
        int uid = frame.uid();
        if (only < 0 || uid == only || uid == 0) {
            return false;
        }
        return switch (op) {
            case FORGET, BATCH_FORGET, DESTROY, READ, WRITE, FSYNC, FLUSH, RELEASE, READDIR, READDIRPLUS, FSYNCDIR,
                 RELEASEDIR, IOCTL, POLL, NOTIFY_REPLY -> false;
            default -> true;
        };
    }
}
