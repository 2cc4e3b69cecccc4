package dev.panamafuse.benchmarks.session;

import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.session.FuseTransport;
import dev.panamafuse.session.ReplySink;
import dev.panamafuse.session.Slot;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-memory {@link FuseTransport} (and the {@link ReplySink} of what it delivers) that feeds
 * the session one request frame after another as fast as its readers take them: first
 * {@code FUSE_INIT}, then copies of one frame (e.g. a GETATTR), each with its own unique, up to a
 * budget that {@link #run(long)} grants. Replies and notifications are only counted. Readers wait
 * while the budget is spent, so a benchmark measures whole batches.
 * (The tests' {@code dev.panamafuse.testing.FakeChannel} captures every reply and so allocates;
 * this feeder runs on the class path without the test classes and allocates nothing per request.)
 */
public final class FeedChannel implements FuseTransport, ReplySink {
    private static final int UNIQUE = 8;

    private final MemorySegment init;
    private final MemorySegment frame;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition budgetGranted = lock.newCondition();
    private final Condition batchDone = lock.newCondition();
    private final AtomicLong unique = new AtomicLong(100);
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile String firstError;
    private final AtomicLong notifications = new AtomicLong();
    private boolean initSent;
    private long budget;
    private long target;
    private volatile boolean closed;

    /**
     * A channel that serves {@code frame} after INIT.
     *
     * @param arena where the frames live
     * @param frame the request frame to repeat (its unique is rewritten per copy)
     */
    public FeedChannel(Arena arena, byte[] frame) {
        this.frame = arena.allocate(frame.length, 8).copyFrom(MemorySegment.ofArray(frame));
        this.init = arena.allocate(104, 8);
        init.set(ValueLayout.JAVA_INT, 0, 104);
        init.set(ValueLayout.JAVA_INT, 4, Opcode.INIT.code());
        init.set(ValueLayout.JAVA_LONG, UNIQUE, 1);
        init.set(ValueLayout.JAVA_INT, 40, 7);
        init.set(ValueLayout.JAVA_INT, 44, 45);
        init.set(ValueLayout.JAVA_INT, 48, 128 << 10);
        init.set(ValueLayout.JAVA_INT, 52, 0x7fff_fffb);
        init.set(ValueLayout.JAVA_INT, 56, 0x7ff);
    }

    /**
     * Lets the readers take {@code n} more frames and waits until all {@code n} are answered.
     *
     * @param n frames in the batch
     * @throws InterruptedException if interrupted
     */
    public void run(long n) throws InterruptedException {
        lock.lock();
        try {
            target = replies.get() + n;
            budget += n;
            budgetGranted.signalAll();
            while (replies.get() < target) {
                if (!batchDone.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("batch not answered: " + replies.get() + " of " + target);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Notifications (unique 0) sent through this channel so far.
     *
     * @return the count
     */
    public long notificationsSent() {
        return notifications.get();
    }

    @Override
    public int receive(Slot slot) throws IOException {
        slot.replyTo(this);
        MemorySegment in = slot.in();
        lock.lock();
        try {
            if (!initSent) {
                initSent = true;
                MemorySegment.copy(init, 0, in, 0, init.byteSize());
                return (int) init.byteSize();
            }
            while (budget == 0) {
                if (closed) {
                    return -1;
                }
                budgetGranted.await(100, TimeUnit.MILLISECONDS);
            }
            budget--;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            lock.unlock();
        }
        MemorySegment.copy(frame, 0, in, 0, frame.byteSize());
        in.set(ValueLayout.JAVA_LONG_UNALIGNED, UNIQUE, unique.incrementAndGet());
        return (int) frame.byteSize();
    }

    @Override
    public ReplySink notifications() {
        return this;
    }

    @Override
    public void send(ReplyFrame reply, MemorySegment callState) {
        if (reply.unique() == 0) {
            notifications.incrementAndGet();
            return;
        }
        if (reply.unique() == 1) {
            return;
        }
        if (reply.errorCode() != 0 && errors.getAndIncrement() == 0) {
            firstError = "errno " + -reply.errorCode() + " in reply " + reply.unique();
        }
        if (replies.incrementAndGet() >= target) {
            lock.lock();
            try {
                batchDone.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Fails when any reply was an error: a benchmark of error replies would measure the wrong path.
     *
     * @throws IllegalStateException naming the first error and their count
     */
    public void checkNoErrors() {
        if (errors.get() > 0) {
            throw new IllegalStateException(errors.get() + " error replies, the first: " + firstError);
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
