package dev.panamafuse;

/**
 * The context of one request from the kernel: who asked, and whether the kernel has since asked
 * to abandon it.
 *
 * <p>A {@code Request} is valid only while its handler runs; do not keep it afterwards. The
 * session never calls {@link Thread#interrupt()} on a handler (that would close any
 * {@code FileChannel} the handler uses); instead {@link #isInterrupted()} turns true and the
 * callback registered with {@link #onInterrupt(Runnable)} runs when the kernel sends
 * {@code FUSE_INTERRUPT} for this request (when the calling process got a signal).
 */
public interface Request {

    /** {@return the kernel's unique id of this request, as in {@code fuse_in_header.unique}} */
    long unique();

    /** {@return the name of the operation, e.g. {@code "LOOKUP"}, for logs} */
    String operation();

    /** {@return the node the request is about ({@code fuse_in_header.nodeid}); 1 is the root} */
    long nodeid();

    /** {@return the effective user id of the calling process (in the mount's user namespace)} */
    int uid();

    /** {@return the effective group id of the calling process} */
    int gid();

    /** {@return the thread-group id of the calling process, or 0 when the kernel sends the request itself} */
    int pid();

    /**
     * Whether the kernel asked to abandon this request ({@code FUSE_INTERRUPT}). A handler that
     * waits or loops should check it and give up with {@code FuseException(Errno.EINTR)}.
     *
     * @return true once an interrupt for this request has arrived
     */
    boolean isInterrupted();

    /**
     * Registers a callback that runs once when the kernel interrupts this request; it runs at
     * once, on the caller's thread, when the request is already interrupted. The callback runs
     * on a session thread: it must be quick and must not block (e.g. complete a future or wake
     * a condition).
     *
     * @param callback what to run, not null
     */
    void onInterrupt(Runnable callback);
}
