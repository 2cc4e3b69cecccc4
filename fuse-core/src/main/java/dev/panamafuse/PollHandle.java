package dev.panamafuse;

/**
 * The kernel's poll handle of one {@code poll} request. A filesystem that answered {@code poll}
 * with no ready events keeps the handle and calls {@link #notifyReady()} once the file becomes
 * ready; the kernel then polls again.
 */
public interface PollHandle {
    /** {@return the kernel's handle ({@code fuse_poll_in.kh})} */
    long kh();

    /** Sends {@code FUSE_NOTIFY_POLL} for this handle, waking the processes that wait in {@code poll(2)}. */
    void notifyReady();
}
