package dev.panamafuse.session;

import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.mount.ConnectionInfo;
import dev.panamafuse.mount.MountOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One FUSE connection served by a {@link FileSystem} over a {@link FuseTransport}: platform
 * reader threads take request slots from a bounded pool, receive requests from the transport,
 * answer {@code INIT} and {@code INTERRUPT} themselves and run every other request — decode,
 * call the filesystem, write the reply — either right there or on a virtual thread of its own,
 * as the mount's {@link dev.panamafuse.mount.ThreadingPolicy} says. When every pooled slot has
 * been taken for 10 ms (the requests in them wait), readers read on with a reserve slot of their
 * own and requests bound for virtual threads move into {@link SpillPool} slots, so no waiting
 * request stops the session from reading (docs/design.md, "Two rules").
 *
 * <p>This class only wires the jobs together and answers the mount layer; each job has its own
 * class: {@link ReaderLoop} (the readers and the routing of each request), {@link InitHandshake},
 * {@link Interrupts}, {@link AccessCheck}, {@link RequestRunner} (handler call, error mapping,
 * reply), {@link RequestSlots} (slot memory and backpressure), {@link Notifier} (kernel-bound
 * notifications) and {@link Lifecycle} (state and shutdown).
 *
 * <p>Lifecycle: {@link #start()}, then {@link #awaitInit(Duration)} until the kernel's
 * {@code FUSE_INIT} has been answered. The session ends once a reader has seen the end of the
 * connection (the transport's receive returns -1 after an unmount) or {@link #stop()} was called:
 * requests in flight — on virtual threads, or on other readers — get
 * {@link MountOptions#unmountGrace()} to finish, then {@link FileSystem#destroy()} runs once,
 * the transports are closed and the memory freed. A handler still running after the grace period
 * does not hold the end: its memory is left unfreed, its reader closes its own transport when the
 * handler returns, and a warning is logged. {@link #awaitEnd(Duration)} waits for that.
 *
 * <p>Errors: a malformed frame is answered {@code EIO}, an unknown opcode {@code ENOSYS}, a
 * {@link FuseException} with its errno, any other exception of a handler {@code EIO} with a log
 * line naming the opcode and unique. None of them ends the session; only a failure of the
 * transport itself does. Everything is logged through the logger named after this class.
 */
public final class Session {
    private final Dispatcher dispatcher;
    private final RequestSlots slots;
    private final Lifecycle life;
    private final AccessCheck access = new AccessCheck();
    private final Notifier notifier;
    private final ReaderLoop readers;
    private final AtomicBoolean started = new AtomicBoolean();

    /**
     * Creates a session; nothing runs before {@link #start()}.
     *
     * @param fs        the filesystem
     * @param transport the transport, owned by the session from now on
     * @param options   mount options (buffers, threads, timeouts)
     */
    public Session(FileSystem fs, FuseTransport transport, MountOptions options) {
        Objects.requireNonNull(fs, "fs");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(options, "options");
        ErrorLog errors = new ErrorLog(System.getLogger(Session.class.getName()));
        this.dispatcher = new Dispatcher(fs, options, this);
        this.slots = new RequestSlots(options, errors);
        this.notifier = new Notifier(slots.arena(), transport.notifications());
        this.life = new Lifecycle(fs, options, slots, notifier);
        RequestRunner runner = new RequestRunner(dispatcher, slots, life, errors);
        this.readers = new ReaderLoop(options, slots, life, runner, access, errors);
        readers.routeTo(new InitHandshake(fs, options, dispatcher, transport, life, runner, slots, errors,
                InitNegotiator.wanted(fs, options)),
                new Interrupts(slots, runner), transport);
    }

    /** Starts the first reader thread, which answers INIT and then starts the others. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("session already started");
        }
        readers.startFirst();
    }

    /**
     * Waits until INIT has been answered.
     *
     * @param timeout the longest wait
     * @return what was negotiated
     * @throws IOException          if the session ended first (the message says why) or the wait timed out
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public ConnectionInfo awaitInit(Duration timeout) throws IOException, InterruptedException {
        return life.awaitInit(timeout);
    }

    /**
     * What INIT negotiated.
     *
     * @return the connection, or null before INIT was answered
     */
    public ConnectionInfo connection() {
        return life.connection;
    }

    /**
     * Whether the session still serves requests.
     *
     * @return false once it has ended
     */
    public boolean isRunning() {
        return !life.ended();
    }

    /**
     * Why the session ended abnormally.
     *
     * @return a transport failure, a refused INIT or a dead reader, or null
     */
    public String failure() {
        return life.failure;
    }

    /**
     * Waits for the session to end.
     *
     * @param timeout the longest wait
     * @return true if it ended
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return life.awaitEnd(timeout);
    }

    /**
     * Registers a callback run once when the session has ended (on the thread that ended it, or
     * at once when it has ended already).
     *
     * @param listener the callback
     */
    public void onEnd(Runnable listener) {
        life.onEnd(listener);
    }

    /**
     * Serves only {@code uid} and root ({@code allow_root}): every other user gets EACCES, except
     * on requests about files already open (read, write, release, ...) and the kernel's own.
     *
     * @param uid the mounting user
     */
    public void restrictTo(int uid) {
        access.restrictTo(uid);
    }

    /**
     * Asks the readers to stop after their current receive. With a kernel transport the readers
     * only notice once the connection ends, so the mount layer unmounts (or aborts) first;
     * in-memory transports end their receives when closed.
     */
    public void stop() {
        life.running = false;
    }

    /**
     * Requests currently being handled.
     *
     * @return the requests given to their handler and not yet answered
     */
    public int requestsInFlight() {
        return life.handling.intValue();
    }

    /**
     * Sets how the connection is aborted when a reader thread dies of something other than the
     * end of the connection (an {@link OutOfMemoryError}, a bug), and when the session ends with
     * requests still unanswered after the unmount grace while the connection lives (it was
     * stopped, and a handler is stuck): the mount layer writes to the connection's {@code abort}
     * file in the FUSE control filesystem, so clients get {@code ENOTCONN} at once instead of
     * hanging on a daemon that no longer answers. Without an action the session closes its
     * transports after a reader's death, which aborts the connection once no other reference to
     * the device is left.
     *
     * @param action run once, on the dying reader
     */
    public void abortWith(Runnable action) {
        life.abortWith(Objects.requireNonNull(action, "action"));
    }

    /**
     * Sends {@code FUSE_NOTIFY_POLL} for a kernel poll handle, waking the processes polling that
     * file. Any thread may call it; it allocates nothing. Ignored once the session has ended.
     *
     * @param kh the kernel's poll handle
     */
    void notifyPoll(long kh) {
        notifier.poll(kh);
    }
}
