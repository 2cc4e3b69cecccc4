package dev.panamafuse.session;

import dev.panamafuse.FileSystem;
import dev.panamafuse.mount.ConnectionInfo;
import dev.panamafuse.mount.MountOptions;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A session's life from start to end, and its shutdown: whether it runs, what INIT negotiated,
 * why it failed, the readers and transports alive, the requests being handled, and the drain.
 *
 * <p>The first reader to leave its loop — the connection ended, reading failed, {@code stop()}
 * was called — runs {@link #finish()}: the requests still being handled get the unmount grace,
 * {@link FileSystem#destroy()} runs once, the notifier stops, the transports of the readers that
 * have left are closed, and, once every reader has left and every pooled slot is back, the
 * memory is freed. A reader that leaves after that closes its own transport. A handler still
 * running after the grace does not hold the end: its memory is left unfreed, with a warning.
 */
final class Lifecycle {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());
    private static final long READERS_LEAVE_MILLIS = 2000;

    private final FileSystem fs;
    private final MountOptions options;
    private final RequestSlots slots;
    private final Notifier notifier;
    /** Requests handed to a handler and not yet answered, in pooled, reserve or spill slots. */
    final LongAdder handling = new LongAdder();
    /** Reader threads started and not yet left: the arena is closed only once none is left. */
    private final AtomicInteger readerCount = new AtomicInteger();
    /** Every transport the readers use: the first and the ones for the other readers. */
    private final List<FuseTransport> transports = new CopyOnWriteArrayList<>();
    private final CountDownLatch initDone = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicBoolean destroyed = new AtomicBoolean();
    /** Set by the first DESTROY: a second one (no kernel sends it) must not wait for the first. */
    private final AtomicBoolean destroyAsked = new AtomicBoolean();
    /** Transports whose reader has left; {@link #finish()} closes them (guarded by itself). */
    private final List<FuseTransport> exited = new ArrayList<>();
    /** Transports closed so far, by identity: readers may share one, and each is closed once. */
    private final Set<FuseTransport> closed = Collections.newSetFromMap(new IdentityHashMap<>());
    private final AtomicBoolean finishing = new AtomicBoolean();
    private boolean transportsClosed;
    private final List<Runnable> endListeners = new CopyOnWriteArrayList<>();
    private volatile Runnable abortAction;
    /** Set once a reader has seen the connection end (unmounted or aborted): it needs no abort. */
    private volatile boolean connectionEnded;
    /** Cleared by {@code stop()} and by the first reader to leave: the others leave after their read. */
    volatile boolean running = true;
    volatile ConnectionInfo connection;
    volatile String failure;

    Lifecycle(FileSystem fs, MountOptions options, RequestSlots slots, Notifier notifier) {
        this.fs = fs;
        this.options = options;
        this.slots = slots;
        this.notifier = notifier;
    }

    /** Whether the session has ended. */
    boolean ended() {
        return ended.getCount() == 0;
    }

    /** INIT was answered (or refused): {@link #awaitInit} returns. */
    void initDone(ConnectionInfo c) {
        if (c != null) {
            connection = c;
        }
        initDone.countDown();
    }

    ConnectionInfo awaitInit(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!initDone.await(50, TimeUnit.MILLISECONDS)) {
            if (ended()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the kernel sent no FUSE_INIT within " + timeout.toMillis() + " ms");
            }
        }
        ConnectionInfo c = connection;
        if (c == null) {
            throw new IOException(failure != null ? failure : "the connection ended before FUSE_INIT");
        }
        return c;
    }

    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    void onEnd(Runnable listener) {
        endListeners.add(listener);
        if (ended() && endListeners.remove(listener)) {
            listener.run();
        }
    }

    void abortWith(Runnable action) {
        this.abortAction = action;
    }

    /** A reader's receive returned -1: the kernel has ended the connection. */
    void connectionEnded() {
        connectionEnded = true;
    }

    /** A reader is about to start on {@code t}; undone by {@link #readerLeft} (or, if it fails to start, here). */
    void readerStarting(FuseTransport t) {
        transports.add(t);
        readerCount.incrementAndGet();
    }

    /** A reader thread could not be started after {@link #readerStarting}. */
    void readerNotStarted() {
        readerCount.decrementAndGet();
    }

    /**
     * A reader left its loop: the connection ended, reading failed or {@code stop()} was called;
     * {@code died} is what killed it, or null. The first to leave ends the session (so a handler
     * stuck forever on a reader does not keep it alive); one leaving after the end closes its own
     * transport, the others' are closed by {@link #finish()}.
     */
    void readerLeft(FuseTransport t, Throwable died) {
        readerCount.decrementAndGet();
        running = false;
        if (died != null) {
            abort("a FUSE reader thread died (" + died + "); the connection is aborted", died);
        }
        boolean closeNow;
        synchronized (exited) {
            closeNow = transportsClosed;
            if (!closeNow) {
                exited.add(t);
            }
        }
        if (closeNow) {
            closeOnce(t);
        } else if (finishing.compareAndSet(false, true)) {
            finish();
        }
    }

    /**
     * Nothing may keep clients waiting on a daemon that no longer answers: when a reader died of
     * something else than the end of the connection ({@code died} set), or the session ends with
     * requests unanswered while the connection lives, the connection is aborted (clients get
     * {@code ENOTCONN}) — by the mount layer's action; else, after a reader's death, by closing
     * every transport.
     */
    private void abort(String why, Throwable died) {
        try {
            failure = why;
            LOG.log(Level.ERROR, why, died);
        } catch (Throwable ignored) {
            // out of memory even for the message: abort all the same
        }
        Runnable action = abortAction;
        try {
            if (action != null) {
                action.run();
            } else if (died != null) {
                for (FuseTransport c : transports) {
                    closeOnce(c);
                }
            }
        } catch (Throwable e) {
            LOG.log(Level.ERROR, "aborting the FUSE connection failed: " + e);
        }
    }

    /**
     * FUSE_DESTROY (sent for fuseblk mounts): lets the other requests finish (bounded by the
     * unmount grace), then destroys. Readers waiting in their receive hold slots but no request,
     * so only requests being handled count (this one is).
     */
    void destroyRequested() throws InterruptedException {
        if (destroyAsked.compareAndSet(false, true)) {
            awaitHandled(1, options.unmountGrace().toNanos());
        }
        destroyOnce();
    }

    private void destroyOnce() {
        if (destroyed.compareAndSet(false, true)) {
            try {
                fs.destroy();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "FileSystem.destroy failed", e);
            }
        }
    }

    private void closeOnce(FuseTransport t) {
        boolean first;
        synchronized (closed) {
            first = closed.add(t);
        }
        if (first) {
            t.close();
        }
    }

    /** Waits until at most {@code most} requests are being handled; true if that happened in time. */
    private boolean awaitHandled(int most, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (handling.sum() > most) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    /** Waits until every reader has left its loop (a reader in its receive uses arena memory). */
    private boolean awaitReadersGone(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (readerCount.get() > 0) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    private void finish() {
        boolean idle;
        try {
            idle = awaitHandled(0, options.unmountGrace().toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        if (!idle) {
            LOG.log(Level.WARNING, handling.sum() + " request(s) still running after the unmount grace period of "
                    + options.unmountGrace().toMillis() + " ms; the session ends without them");
            if (!connectionEnded) {
                // stopped (or reading failed) while the kernel still waits for them: their clients would hang
                abort(handling.sum() + " request(s) unanswered while the connection lives; the connection is aborted",
                        null);
            }
        }
        if (connection != null) {
            destroyOnce();
        }
        notifier.close();
        List<FuseTransport> toClose;
        synchronized (exited) {
            transportsClosed = true;
            toClose = List.copyOf(exited);
        }
        for (FuseTransport c : toClose) {
            closeOnce(c);
        }
        if (idle) {
            // the other readers leave as their reads end (with the connection, or the closed transport)
            try {
                idle = slots.awaitIdle(READERS_LEAVE_MILLIS) && awaitReadersGone(READERS_LEAVE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                idle = false;
            }
        }
        if (idle) {
            slots.free();
        }
        initDone.countDown();
        ended.countDown();
        for (Runnable r : endListeners) {
            if (endListeners.remove(r)) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "session end listener failed", e);
                }
            }
        }
    }
}
