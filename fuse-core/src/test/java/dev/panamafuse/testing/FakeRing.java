package dev.panamafuse.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.session.FuseTransport;
import dev.panamafuse.session.ReplySink;
import dev.panamafuse.session.Slot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test kit: a {@link FuseTransport} that owns its request memory, shaped like FUSE over io_uring.
 * It has ring entries, each with its own request buffer (which "the kernel" — {@link #send} —
 * fills) and its own reply buffer; {@link #receive(Slot)} {@linkplain Slot#bind binds} the slot to
 * a free entry and names the entry as the reply sink, so the session reads and answers the
 * request in the entry's memory. A reply built in the entry's own reply frame is counted as
 * committed in place; one built elsewhere (a request the session moved to a spill slot) is
 * counted as copied in. An entry is free again once its reply is committed. When every entry is
 * taken, as when every request delivered waits, the ring registers one more entry, as the
 * io_uring transport is to do (see {@link FuseTransport}).
 *
 * <p>Replies and notifications are captured as bytes, like {@link FakeChannel}'s. After
 * {@link #close()} the frames already queued are still delivered, then receive returns -1.
 */
public final class FakeRing implements FuseTransport {
    private static final byte[] END = new byte[0];

    private final Arena arena = Arena.ofAuto();
    private final long entrySize;
    private final BlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>();
    private final BlockingQueue<ReplyView> replies = new LinkedBlockingQueue<>();
    private final BlockingQueue<ReplyView> notifications = new LinkedBlockingQueue<>();
    private final BlockingQueue<Entry> free = new LinkedBlockingQueue<>();
    private final AtomicInteger entries = new AtomicInteger();
    private final AtomicInteger inPlace = new AtomicInteger();
    private final AtomicInteger copied = new AtomicInteger();
    private final ReplySink notificationSink = (reply, callState) -> notifications.add(capture(reply));

    /**
     * A ring of {@code initial} entries.
     *
     * @param initial   entries registered at the start
     * @param entrySize bytes of each entry's request and reply buffer (at least 4096)
     */
    public FakeRing(int initial, long entrySize) {
        this.entrySize = entrySize;
        for (int i = 0; i < initial; i++) {
            free.add(register());
        }
    }

    private Entry register() {
        entries.incrementAndGet();
        return new Entry();
    }

    /**
     * Queues one request frame, as the kernel would put it into the next entry.
     *
     * @param frame the frame's bytes
     */
    public void send(byte[] frame) {
        inbound.add(frame.clone());
    }

    /**
     * Takes the next reply, waiting at most {@code timeout}; fails the test when none arrives.
     *
     * @param timeout the longest wait
     * @return the reply
     */
    public ReplyView reply(Duration timeout) {
        return take(replies, timeout);
    }

    /**
     * Takes the next notification, waiting at most {@code timeout}; fails the test when none arrives.
     *
     * @param timeout the longest wait
     * @return the notification
     */
    public ReplyView notification(Duration timeout) {
        return take(notifications, timeout);
    }

    private static ReplyView take(BlockingQueue<ReplyView> q, Duration timeout) {
        try {
            ReplyView r = q.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (r == null) {
                fail("nothing within " + timeout.toMillis() + " ms");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Entries registered so far. */
    public int entries() {
        return entries.get();
    }

    /** Replies committed from the entry's own memory. */
    public int inPlaceCommits() {
        return inPlace.get();
    }

    /** Replies that were built elsewhere and copied into their entry. */
    public int copiedCommits() {
        return copied.get();
    }

    @Override
    public int receive(Slot slot) throws IOException {
        byte[] frame;
        try {
            frame = inbound.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("receive interrupted");
        }
        if (frame == END) {
            inbound.add(END);
            return -1;
        }
        Entry e = free.poll();
        if (e == null) {
            e = register(); // every entry waits: register one more, so reading goes on
        }
        if (frame.length > e.request.byteSize()) {
            throw new IOException("frame of " + frame.length + " bytes does not fit an entry");
        }
        MemorySegment.copy(frame, 0, e.request, ValueLayout.JAVA_BYTE, 0, frame.length);
        slot.bind(e.request.asSlice(0, frame.length), e.reply);
        slot.replyTo(e);
        return frame.length;
    }

    @Override
    public ReplySink notifications() {
        return notificationSink;
    }

    @Override
    public void close() {
        inbound.add(END);
    }

    private static ReplyView capture(ReplyFrame r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < r.iovecCount(); i++) {
            out.writeBytes(Frames.bytes(r.part(i)));
        }
        return new ReplyView(out.toByteArray(), r.iovecCount());
    }

    /** One ring entry: its request buffer, its reply frame, and the sink that commits the reply. */
    private final class Entry implements ReplySink {
        final MemorySegment request = arena.allocate(entrySize, 4096);
        final ReplyFrame reply = new ReplyFrame(arena.allocate(entrySize, 4096),
                arena.allocate((long) ReplyFrame.MAX_IOVECS * ReplyFrame.IOVEC_SIZE, 8));

        @Override
        public void send(ReplyFrame r, MemorySegment callState) {
            (r == reply ? inPlace : copied).incrementAndGet();
            replies.add(capture(r));
            free.add(this); // committed: the entry goes back to the kernel for the next request
        }
    }
}
