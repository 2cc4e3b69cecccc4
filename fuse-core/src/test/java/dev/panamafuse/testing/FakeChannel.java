package dev.panamafuse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.session.FuseTransport;
import dev.panamafuse.session.ReplySink;
import dev.panamafuse.session.Slot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test kit: an in-memory {@link FuseTransport} standing in for {@code /dev/fuse}, for the session
 * tests. The test queues request frames with {@link #send(byte[])}, the session receives them one
 * per {@link #receive(Slot)} (copied into the slot's own buffer, as {@code read(2)} does), and
 * every reply or notification the session sends is captured, as the bytes of all its iovecs, for
 * {@link #reply(Duration)}.
 *
 * <p>{@link #receive(Slot)} blocks until a frame is queued or the channel is closed; after
 * {@link #close()} the frames already queued are still handed out, then it returns -1 (as a real
 * channel does on {@code ENODEV} after an unmount). Replies written after close are still
 * captured, so a test can see what a late handler answered.
 *
 * <p>Like {@code /dev/fuse}, a reply must go back through the channel that read its request:
 * {@link #cloneForReader()} returns a clone sharing the queues, and a reply written to another
 * clone than the one that read the request is dropped (the kernel answers such a write
 * {@code ENOENT}) and counted in {@link #misrouted()}. Each clone is the {@link ReplySink} of the
 * requests it delivered; notifications may go through any.
 */
public final class FakeChannel implements FuseTransport, ReplySink {
    /** Marks the end of the inbound queue; put back after it is taken so every reader sees it. */
    private static final byte[] END = new byte[0];
    /** Where {@code fuse_in_header.unique} sits. */
    private static final int UNIQUE_OFFSET = 8;

    private final BlockingQueue<byte[]> inbound;
    private final BlockingQueue<ReplyView> replies;
    private final AtomicInteger reads;
    private final AtomicInteger readCalls;
    private final AtomicInteger misrouted;
    private final AtomicInteger closes = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Set<Long> readHere = ConcurrentHashMap.newKeySet();
    private final boolean clone;

    /** A channel with nothing queued. */
    public FakeChannel() {
        inbound = new LinkedBlockingQueue<>();
        replies = new LinkedBlockingQueue<>();
        reads = new AtomicInteger();
        readCalls = new AtomicInteger();
        misrouted = new AtomicInteger();
        clone = false;
    }

    private FakeChannel(FakeChannel parent) {
        inbound = parent.inbound;
        replies = parent.replies;
        reads = parent.reads;
        readCalls = parent.readCalls;
        misrouted = parent.misrouted;
        clone = true;
    }

    /**
     * Queues one request frame for the session.
     *
     * @param frame the frame's bytes, as the kernel would hand them to read(2)
     */
    public void send(byte[] frame) {
        if (closed.getCount() == 0) {
            throw new IllegalStateException("channel closed");
        }
        inbound.add(frame.clone());
    }

    /**
     * Takes the next reply, waiting at most {@code timeout}; fails the test when none arrives. Also
     * checks the protocol invariant that {@code fuse_out_header.len} equals the bytes written.
     *
     * @param timeout the longest wait
     * @return the reply
     */
    public ReplyView reply(Duration timeout) {
        ReplyView r;
        try {
            r = replies.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a reply", e);
        }
        if (r == null) {
            fail("no reply within " + timeout.toMillis() + " ms");
        }
        assertEquals(r.bytes().length, r.len(), "fuse_out_header.len must equal the bytes written: " + r);
        return r;
    }

    /**
     * Asserts that no reply arrives within {@code wait}.
     *
     * @param wait how long to watch
     */
    public void assertNoReply(Duration wait) {
        ReplyView r;
        try {
            r = replies.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        assertNull(r, () -> "expected no reply, got " + r);
    }

    /** Replies captured and not yet taken. */
    public int repliesQueued() {
        return replies.size();
    }

    /** Frames queued and not yet read by the session. */
    public int pending() {
        return (int) inbound.stream().filter(f -> f != END).count();
    }

    /** Frames the session has read so far. */
    public int framesRead() {
        return reads.get();
    }

    /** How often the session called {@link #receive(Slot)} (including the call blocked now, if any). */
    public int readCalls() {
        return readCalls.get();
    }

    /** Replies dropped because they were written to another clone than the one that read the request. */
    public int misrouted() {
        return misrouted.get();
    }

    /** How often {@link #close()} was called. */
    public int closeCount() {
        return closes.get();
    }

    /**
     * Waits until the channel has been closed.
     *
     * @param timeout the longest wait
     * @return whether it was closed in time
     * @throws InterruptedException if interrupted
     */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int receive(Slot slot) throws IOException {
        readCalls.incrementAndGet();
        slot.replyTo(this);
        byte[] frame;
        try {
            frame = inbound.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("read interrupted");
        }
        if (frame == END) {
            inbound.add(END);
            return -1;
        }
        MemorySegment in = slot.in();
        if (frame.length > in.byteSize()) {
            throw new IOException("frame of " + frame.length + " bytes does not fit a buffer of " + in.byteSize());
        }
        MemorySegment.copy(frame, 0, in, ValueLayout.JAVA_BYTE, 0, frame.length);
        if (frame.length >= UNIQUE_OFFSET + Long.BYTES) {
            readHere.add(in.get(ValueLayout.JAVA_LONG_UNALIGNED, UNIQUE_OFFSET));
        }
        reads.incrementAndGet();
        return frame.length;
    }

    @Override
    public void send(ReplyFrame r, MemorySegment callState) {
        if (r.unique() != 0 && !readHere.remove(r.unique())) {
            misrouted.incrementAndGet();
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < r.iovecCount(); i++) {
            out.writeBytes(Frames.bytes(r.part(i)));
        }
        replies.add(new ReplyView(out.toByteArray(), r.iovecCount()));
    }

    @Override
    public ReplySink notifications() {
        return this;
    }

    @Override
    public FuseTransport forReader() {
        return new FakeChannel(this);
    }

    @Override
    public void close() {
        if (clone) {
            return;
        }
        closes.incrementAndGet();
        if (closed.getCount() != 0) {
            closed.countDown();
            inbound.add(END);
        }
    }
}
