package dev.panamafuse.session;

import static dev.panamafuse.protocol.RequestStructs.FUSE_INTERRUPT_IN;

import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.codec.MalformedFrameException;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.mount.ConnectionInfo;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.InitFlags;
import dev.panamafuse.protocol.Kernel;
import dev.panamafuse.protocol.NotifyCode;
import dev.panamafuse.protocol.NotifyStructs;
import dev.panamafuse.protocol.Opcode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One FUSE connection served by a {@link FileSystem}: platform reader threads take request slots
 * from a bounded pool, read frames from the {@link FuseChannel}, answer {@code INIT} and
 * {@code INTERRUPT} themselves and run every other request — decode, call the filesystem, write
 * the reply — either right there or on a virtual thread of its own, as the mount's
 * {@link dev.panamafuse.mount.ThreadingPolicy} policy says. When every pooled slot has been taken for
 * 10 ms (the requests in them wait), readers read on with a reserve
 * slot of their own and requests bound for virtual threads move into {@link SpillPool} slots, so
 * no waiting request stops the session from reading (docs/design.md, "Two rules").
 *
 * <p>Lifecycle: {@link #start()}, then {@link #awaitInit(Duration)} until the kernel's
 * {@code FUSE_INIT} has been answered. The session ends once a reader has seen the end of the
 * connection (the channel's read returns -1 after an unmount) or {@link #stop()} was called:
 * requests in flight — on virtual threads, or on other readers — get
 * {@link MountOptions#unmountGrace()} to finish, then {@link FileSystem#destroy()} runs once,
 * the channels are closed and the memory freed. A handler still running after the grace period
 * does not hold the end: its memory is left unfreed, its reader closes its own channel when the
 * handler returns, and a warning is logged. {@link #awaitEnd(Duration)} waits for that.
 *
 * <p>Errors: a malformed frame is answered {@code EIO}, an unknown opcode {@code ENOSYS}, a
 * {@link FuseException} with its errno, any other exception of a handler {@code EIO} with a log
 * line naming the opcode and unique. None of them ends the session; only a failure of the channel
 * itself does.
 */
public final class Session {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());
    /**
     * How long a reader waits for a pooled slot before it reads with its reserve slot instead:
     * short enough that an INTERRUPT or an unlock is read at once when requests wait, long enough
     * that a burst of quick requests keeps the pool's backpressure.
     */
    private static final long RESERVE_AFTER_MILLIS = 10;
    private static final long READERS_LEAVE_MILLIS = 2000;

    private final FileSystem fs;
    private final FuseChannel channel;
    private final MountOptions options;
    private final Dispatcher dispatcher;
    private final Arena arena = Arena.ofShared();
    private final SlotPool pool;
    private final long bufferSize;
    private final ErrorLog errors = new ErrorLog(LOG);
    /** Slots for requests that wait while the pool is exhausted (see {@link #spillIfReserve}). */
    private final SpillPool spill;
    /** The reserve slots of the readers (one each, made when first needed): an INTERRUPT searches them too. */
    private final List<Slot> reserves = new CopyOnWriteArrayList<>();
    /** Requests handed to a handler and not yet answered, in pooled or spill slots. */
    private final LongAdder handling = new LongAdder();
    /** Reader threads started and not yet left: the arena is closed only once none is left. */
    private final AtomicInteger readerCount = new AtomicInteger();
    /** Every channel the readers use: the first and its clones. */
    private final List<FuseChannel> channels = new CopyOnWriteArrayList<>();
    private volatile Runnable abortAction;
    private final CountDownLatch initDone = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean destroyed = new AtomicBoolean();
    /** Set by the first DESTROY: a second one (no kernel sends it) must not wait for the first. */
    private final AtomicBoolean destroyAsked = new AtomicBoolean();
    /** Channels whose reader has left; {@link #finish()} closes them (guarded by itself). */
    private final List<FuseChannel> exitedChannels = new ArrayList<>();
    /** Channels closed so far, by identity: readers may share one channel, and each is closed once. */
    private final Set<FuseChannel> closedChannels = Collections.newSetFromMap(new IdentityHashMap<>());
    private final AtomicBoolean finishing = new AtomicBoolean();
    private boolean channelsClosed;
    private final List<Runnable> endListeners = new CopyOnWriteArrayList<>();
    private final ThreadFactory handlers = Thread.ofVirtual().name("fuse-request").factory();
    private final long wanted;
    private volatile boolean running = true;
    private volatile ConnectionInfo connection;
    private volatile String failure;
    private volatile int onlyUid = -1;

    /**
     * Creates a session; nothing runs before {@link #start()}.
     *
     * @param fs      the filesystem
     * @param channel the transport, owned by the session from now on
     * @param options mount options (buffers, threads, timeouts)
     */
    public Session(FileSystem fs, FuseChannel channel, MountOptions options) {
        this.fs = Objects.requireNonNull(fs, "fs");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.options = Objects.requireNonNull(options, "options");
        this.dispatcher = new Dispatcher(fs, options, this);
        this.bufferSize = Math.max(Kernel.FUSE_MIN_READ_BUFFER, options.maxWrite() + 4096L);
        this.pool = new SlotPool(arena, options.maxInFlight(), bufferSize, bufferSize,
                slot -> slot.task = () -> process(slot));
        this.spill = new SpillPool(arena, bufferSize, bufferSize, 2L * bufferSize * options.maxInFlight(),
                slot -> slot.task = () -> process(slot));
        this.wanted = InitNegotiator.wanted(fs, options);
    }

    /** Starts the first reader thread, which answers INIT and then starts the others. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("session already started");
        }
        startReader(channel, 0);
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
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!initDone.await(50, TimeUnit.MILLISECONDS)) {
            if (ended.getCount() == 0) {
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

    /** What INIT negotiated, or null before it. */
    public ConnectionInfo connection() {
        return connection;
    }

    /** Whether the session still serves requests. */
    public boolean isRunning() {
        return ended.getCount() != 0;
    }

    /** Why the session ended abnormally (a channel failure or a refused INIT), or null. */
    public String failure() {
        return failure;
    }

    /**
     * Waits for the session to end.
     *
     * @param timeout the longest wait
     * @return true if it ended
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Registers a callback run once when the session has ended (on the thread that ended it).
     *
     * @param listener the callback
     */
    public void onEnd(Runnable listener) {
        endListeners.add(listener);
        if (ended.getCount() == 0 && endListeners.remove(listener)) {
            listener.run();
        }
    }

    /**
     * Serves only {@code uid} and root ({@code allow_root}): every other user gets EACCES, except
     * on requests about files already open (read, write, release, ...) and the kernel's own.
     *
     * @param uid the mounting user
     */
    public void restrictTo(int uid) {
        this.onlyUid = uid;
    }

    private boolean refused(RequestFrame frame, Opcode op) {
        int uid = frame.uid();
        if (onlyUid < 0 || uid == onlyUid || uid == 0) {
            return false;
        }
        return switch (op) {
            case FORGET, BATCH_FORGET, DESTROY, READ, WRITE, FSYNC, FLUSH, RELEASE, READDIR, READDIRPLUS, FSYNCDIR,
                 RELEASEDIR, IOCTL, POLL, NOTIFY_REPLY -> false;
            default -> true;
        };
    }

    /**
     * Asks the readers to stop after their current read. With a kernel channel the readers only
     * notice once the connection ends, so the mount layer unmounts (or aborts) first; in-memory
     * channels end their reads when closed.
     */
    public void stop() {
        running = false;
    }

    /** Requests currently being handled (given to their handler and not yet answered). */
    public int requestsInFlight() {
        return handling.intValue();
    }

    /**
     * Sets how the connection is aborted when a reader thread dies of something other than the
     * end of the connection (an {@link OutOfMemoryError}, a bug): the mount layer writes to the
     * connection's {@code abort} file in the FUSE control filesystem, so clients get
     * {@code ENOTCONN} at once instead of hanging on a daemon that no longer reads. Without an
     * action the session closes its channels, which aborts the connection once no other
     * reference to the device is left.
     *
     * @param action run once, on the dying reader
     */
    public void abortWith(Runnable action) {
        this.abortAction = Objects.requireNonNull(action, "action");
    }

    /**
     * Sends {@code FUSE_NOTIFY_POLL} for a kernel poll handle, waking the processes polling that
     * file. Ignored once the session has ended.
     *
     * @param kh the kernel's poll handle
     */
    void notifyPoll(long kh) {
        if (ended.getCount() == 0) {
            return;
        }
        try (Arena scratch = Arena.ofConfined()) {
            ReplyFrame frame = new ReplyFrame(scratch.allocate(4096, 8),
                    scratch.allocate((long) ReplyFrame.MAX_IOVECS * ReplyFrame.IOVEC_SIZE, 8));
            frame.begin(0);
            long at = frame.reserve(NotifyStructs.FUSE_NOTIFY_POLL_WAKEUP_OUT.byteSize());
            frame.buffer().set(ValueLayout.JAVA_LONG_UNALIGNED, at, kh);
            frame.finishNotification(NotifyCode.POLL.code());
            channel.write(frame, scratch.allocate(Linker.Option.captureStateLayout()));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "poll notification for kh " + kh + " failed: " + e.getMessage());
        }
    }

    private void startReader(FuseChannel ch, int index) {
        channels.add(ch);
        readerCount.incrementAndGet();
        try {
            Thread.ofPlatform().name("fuse-reader-" + index).daemon(true).start(() -> readLoop(ch));
        } catch (RuntimeException | Error e) {
            readerCount.decrementAndGet();
            throw e;
        }
    }

    private void readLoop(FuseChannel ch) {
        Throwable died = null;
        try {
            Slot reserve = null;
            boolean starved = false;
            while (running) {
                // once the pool has been found exhausted, do not wait for it again until it has a slot
                Slot slot = pool.acquire(starved ? 0 : RESERVE_AFTER_MILLIS);
                starved = slot == null;
                if (slot == null) {
                    // every pooled slot has been taken for a while: requests wait. Read on with this
                    // reader's own slot, so INTERRUPT and the request that ends a wait get through.
                    if (reserve == null) {
                        reserve = new Slot(arena, bufferSize, bufferSize, Slot.RESERVE);
                        reserves.add(reserve);
                    }
                    slot = reserve;
                }
                int n;
                try {
                    n = ch.read(slot);
                } catch (IOException | RuntimeException e) {
                    release(slot);
                    if (running) {
                        failure = "reading the FUSE device failed: " + e.getMessage();
                        LOG.log(Level.ERROR, failure, e);
                    }
                    break;
                }
                if (n < 0) {
                    release(slot);
                    break;
                }
                slot.source = ch;
                handle(slot, n);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            died = t;
        } finally {
            readerCount.decrementAndGet();
            running = false;
            if (died != null) {
                readerDied(died);
            }
            readerExited(ch);
        }
    }

    /**
     * A reader died of something else than the end of the connection: nothing may keep clients
     * waiting on a daemon that has stopped reading, so the connection is aborted (clients get
     * {@code ENOTCONN}) and the session ends.
     */
    private void readerDied(Throwable t) {
        try {
            failure = "a FUSE reader thread died (" + t + "); the connection is aborted";
            LOG.log(Level.ERROR, failure, t);
        } catch (Throwable ignored) {
            // out of memory even for the message: abort all the same
        }
        Runnable action = abortAction;
        try {
            if (action != null) {
                action.run();
            } else {
                for (FuseChannel c : channels) {
                    closeOnce(c);
                }
            }
        } catch (Throwable e) {
            LOG.log(Level.ERROR, "aborting the FUSE connection failed: " + e);
        }
    }

    /**
     * A reader left its loop: the connection ended, reading failed or {@link #stop()} was called.
     * The first to leave ends the session ({@link #finish()} waits, bounded by the unmount grace,
     * for the requests still running, on readers or virtual threads), so a handler stuck forever
     * on a reader does not keep the session alive. A reader that leaves after the session has
     * ended closes its own channel; the others' are closed by {@link #finish()}.
     */
    private void readerExited(FuseChannel ch) {
        boolean closeNow;
        synchronized (exitedChannels) {
            closeNow = channelsClosed;
            if (!closeNow) {
                exitedChannels.add(ch);
            }
        }
        if (closeNow) {
            closeOnce(ch);
        } else if (finishing.compareAndSet(false, true)) {
            finish();
        }
    }

    private void handle(Slot slot, int n) {
        RequestFrame frame = slot.frame();
        try {
            frame.wrap(slot.in(), n);
        } catch (MalformedFrameException e) {
            long unique = RequestFrame.peekUnique(slot.in(), n);
            errors.problem("malformed frame", "malformed request frame (unique " + unique + "): " + e.getMessage());
            replyInline(slot, unique, Errno.EIO);
            return;
        }
        if (frame.unique() == 0) {
            // the kernel numbers every request; unique 0 is how a notification goes out, never an answer
            errors.problem("unique 0", "request frame with unique 0 (opcode " + frame.opcode() + ") ignored");
            release(slot);
            return;
        }
        Opcode op = Opcode.of(frame.opcode());
        if (options.debug()) {
            LOG.log(Level.DEBUG, () -> "unique=" + frame.unique() + " " + (op == null ? "opcode " + frame.opcode()
                    : op.name()) + " nodeid=" + frame.nodeid() + " len=" + frame.len());
        }
        if (op == null) {
            replyInline(slot, frame.unique(), Errno.ENOSYS);
            return;
        }
        switch (op) {
            case INIT -> {
                if (connection != null) {
                    errors.problem("repeated INIT", "FUSE_INIT (unique " + frame.unique()
                            + ") after the connection was set up: refused, the session stays as it was");
                    replyInline(slot, frame.unique(), Errno.EPROTO);
                } else {
                    init(slot);
                }
            }
            case INTERRUPT -> interrupt(slot);
            case NOTIFY_REPLY -> release(slot);
            case CUSE_INIT, SETUPMAPPING, REMOVEMAPPING -> replyInline(slot, frame.unique(), Errno.ENOSYS);
            default -> {
                if (connection == null) {
                    if (op.hasReply()) {
                        replyInline(slot, frame.unique(), Errno.EIO);
                    } else {
                        release(slot);
                    }
                    return;
                }
                if (refused(frame, op)) {
                    replyInline(slot, frame.unique(), Errno.EACCES);
                    return;
                }
                boolean inline = InlinePolicy.inline(options.dispatch(), op);
                Slot run = inline ? slot : spillIfReserve(slot, n, op);
                inline = inline || run.spillKind == Slot.RESERVE; // no spill slot left: wait here
                run.request.reset(run.frame(), op);
                handling.increment();
                if (inline) {
                    process(run);
                } else {
                    try {
                        handlers.newThread(run.task).start();
                    } catch (RuntimeException | Error e) {
                        handling.decrement();
                        run.request.finished();
                        release(run);
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * Moves a request that was read with a reader's reserve slot (every pooled slot was taken: the
     * requests in them wait — a lock held by another process, a poll, a slow handler) and is about
     * to run on a virtual thread into a {@link SpillPool} slot, so the reader has its reserve back
     * for the next frame. The readers therefore never stop reading while requests wait: the
     * request that ends the wait (the unlock) and the kernel's {@code INTERRUPT} for a killed
     * waiter are read however many requests wait, up to the spill budget (as large again as the
     * pool); past it the request runs on the reader (backpressure).
     */
    private Slot spillIfReserve(Slot slot, int n, Opcode op) {
        if (slot.spillKind != Slot.RESERVE) {
            return slot;
        }
        Slot s = spill.take(n, ReplyCapacity.of(op, slot.in(), n, bufferSize));
        if (s == null) {
            errors.problem("spill budget", "every request slot and the spill budget are taken: " + op
                    + " runs on its reader until requests finish");
            return slot;
        }
        MemorySegment.copy(slot.in(), 0, s.in(), 0, n);
        s.source = slot.source;
        s.frame().wrap(s.in(), n);
        return s;
    }

    private void release(Slot slot) {
        if (slot.spillKind == Slot.POOLED) {
            pool.release(slot);
        } else if (slot.spillKind != Slot.RESERVE) {
            spill.release(slot);
        }
    }

    private void process(Slot slot) {
        RequestContext req = slot.request;
        Opcode op = req.opcode();
        long unique = req.unique();
        ReplyFrame out = slot.reply();
        boolean reply = op.hasReply();
        try {
            out.begin(unique);
            reply = op == Opcode.DESTROY ? destroyRequest(out) : dispatcher.dispatch(op, slot);
        } catch (FuseException e) {
            out.error(unique, e.errno().code());
        } catch (MalformedFrameException e) {
            errors.problem("malformed " + op, op + " unique " + unique + ": malformed frame: " + e.getMessage());
            out.error(unique, Errno.EIO.code());
        } catch (Throwable t) {
            errors.failure(op + " unique " + unique + " nodeid " + req.nodeid() + ": handler threw", t);
            out.error(unique, Errno.EIO.code());
        }
        try {
            if (reply && op.hasReply()) {
                send(slot, op);
            }
        } finally {
            req.finished();
            handling.decrement();
            release(slot);
        }
    }

    private void init(Slot slot) {
        RequestFrame in = slot.frame();
        ReplyFrame out = slot.reply();
        long unique = in.unique();
        out.begin(unique);
        InitNegotiator.Outcome outcome;
        try {
            outcome = InitNegotiator.negotiate(in, out, options, wanted, new ChannelBackingFiles(channel));
        } catch (MalformedFrameException e) {
            failure = "malformed FUSE_INIT: " + e.getMessage();
            replyInline(slot, unique, Errno.EIO);
            initDone.countDown();
            return;
        }
        if (outcome.refusal() != null) {
            failure = outcome.refusal();
            LOG.log(Level.ERROR, failure);
            replyInline(slot, unique, Errno.EPROTO);
            initDone.countDown();
            return;
        }
        ConnectionInfo c = outcome.connection();
        if (c != null) {
            try {
                fs.init(c);
            } catch (RuntimeException e) {
                failure = "FileSystem.init failed: " + e;
                LOG.log(Level.ERROR, failure, e);
                replyInline(slot, unique, Errno.EIO);
                initDone.countDown();
                return;
            }
        }
        try {
            send(slot, Opcode.INIT);
        } finally {
            release(slot);
        }
        if (c != null) {
            LOG.log(Level.DEBUG, () -> "FUSE_INIT: protocol 7." + c.minor() + ", max_write " + c.maxWrite()
                    + ", flags " + InitFlags.describe(c.flags()));
            dispatcher.setxattrExt = c.isEnabled(InitFlags.FUSE_SETXATTR_EXT);
            dispatcher.writebackCache = c.isEnabled(InitFlags.FUSE_WRITEBACK_CACHE);
            connection = c;
            initDone.countDown();
            startExtraReaders();
        }
    }

    private void startExtraReaders() {
        for (int i = 1; i < options.readers(); i++) {
            try {
                startReader(channel.cloneForReader(), i);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not add reader " + i + ": " + e.getMessage());
                return;
            }
        }
    }

    private void interrupt(Slot slot) {
        RequestFrame in = slot.frame();
        long target;
        try {
            target = in.getLong(in.argument(FUSE_INTERRUPT_IN.byteSize()));
        } catch (MalformedFrameException e) {
            release(slot);
            return;
        }
        if (interruptIn(pool.all(), target) || interruptIn(spill.all(), target) || interruptIn(reserves, target)) {
            release(slot);
        } else {
            // Not (yet) seen: EAGAIN makes the kernel queue the interrupt again.
            replyInline(slot, in.unique(), Errno.EAGAIN);
        }
    }

    /** Interrupts the request with unique {@code target} if one of {@code slots} holds it. */
    private static boolean interruptIn(List<Slot> slots, long target) {
        for (Slot s : slots) {
            if (s.request.interruptIf(target)) {
                return true;
            }
        }
        return false;
    }

    /**
     * FUSE_DESTROY (sent for fuseblk mounts): let the other requests finish (bounded by the
     * unmount grace), destroy, then answer. Readers waiting in read(2) hold slots but no request,
     * so only requests being handled count.
     */
    private boolean destroyRequest(ReplyFrame out) throws InterruptedException {
        if (destroyAsked.compareAndSet(false, true)) {
            awaitHandled(1, options.unmountGrace().toNanos());
        }
        destroyOnce();
        out.finish();
        return true;
    }

    private void replyInline(Slot slot, long unique, Errno errno) {
        try {
            if (unique != 0) {
                slot.reply().error(unique, errno.code());
                send(slot, null);
            }
        } finally {
            release(slot);
        }
    }

    /**
     * Writes the slot's reply through the channel that read its request: the kernel keeps a
     * request being processed on the fd it was read from and answers a reply written to another
     * clone with {@code ENOENT}, which would leave the request waiting forever.
     */
    private void send(Slot slot, Opcode op) {
        try {
            slot.source.write(slot);
        } catch (IOException | RuntimeException e) {
            if (ended.getCount() != 0 && running) {
                LOG.log(Level.WARNING, "writing the reply to " + (op == null ? "a request" : op.name()) + " unique "
                        + slot.reply().unique() + " failed: " + e.getMessage());
            }
        }
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

    private void closeOnce(FuseChannel ch) {
        boolean first;
        synchronized (closedChannels) {
            first = closedChannels.add(ch);
        }
        if (first) {
            ch.close();
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

    /** Waits until every reader has left its loop (a reader in read(2) uses arena memory). */
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
        }
        if (connection != null) {
            destroyOnce();
        }
        List<FuseChannel> toClose;
        synchronized (exitedChannels) {
            channelsClosed = true;
            toClose = List.copyOf(exitedChannels);
        }
        for (FuseChannel c : toClose) {
            closeOnce(c);
        }
        if (idle) {
            // the other readers leave as their reads end (with the connection, or the closed channel)
            try {
                idle = pool.awaitIdle(READERS_LEAVE_MILLIS) && awaitReadersGone(READERS_LEAVE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                idle = false;
            }
        }
        if (idle) {
            arena.close();
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
