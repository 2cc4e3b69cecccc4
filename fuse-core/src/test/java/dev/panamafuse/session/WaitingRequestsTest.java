package dev.panamafuse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Attr;
import dev.panamafuse.Errno;
import dev.panamafuse.FileLock;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.Request;
import dev.panamafuse.mount.ConnectionInfo;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.mount.ThreadingPolicy;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.FakeChannel;
import dev.panamafuse.testing.Frames;
import dev.panamafuse.testing.ReplyView;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rule that no request that waits may stop the session from reading: ten times
 * {@code max_inflight} requests wait (for a lock, in a slow handler) and the session still
 * answers a {@code GETATTR}, reads every {@code INTERRUPT} and the request that ends the wait.
 * Also the session's other guards: a {@code DESTROY} that does not wait for idle readers, a
 * repeated {@code INIT} refused, a reader that dies aborting the connection.
 */
@DisplayName("requests that wait never stop the session from reading")
class WaitingRequestsTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final int MAX_INFLIGHT = 8;
    private static final int WAITERS = 10 * MAX_INFLIGHT;
    private static final Attr ROOT_ATTR = Attr.of(1, Mode.S_IFDIR | 0755, 2, 0, 0, 0, Instant.EPOCH);
    private static final long K45 = 0x7ff_7fff_fffbL;

    private FakeChannel channel;
    private Session session;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (session != null) {
            session.stop();
            channel.close();
            assertTrue(session.awaitEnd(Duration.ofSeconds(10)), "the session should end after close");
        }
    }

    private ConnectionInfo mount(FileSystem fs, MountOptions options) throws Exception {
        return mount(fs, options, new FakeChannel());
    }

    private ConnectionInfo mount(FileSystem fs, MountOptions options, FakeChannel ch) throws Exception {
        channel = ch;
        session = new Session(fs, channel, options);
        session.start();
        channel.send(Frames.initExt(1, 7, 45, 128 << 10, K45));
        assertEquals(0, channel.reply(T).error());
        return session.awaitInit(T);
    }

    private static MountOptions options(ThreadingPolicy policy) {
        return MountOptions.builder().maxInFlight(MAX_INFLIGHT).readers(2).dispatch(policy)
                .unmountGrace(Duration.ofSeconds(2)).build();
    }

    private static byte[] setlkw(long unique, long owner) {
        return Frames.request(Opcode.SETLKW.code(), unique, 2).uid(1000).gid(1000).pid(100 + (int) unique)
                .u64(7).u64(owner)                       // fh, owner
                .u64(0).u64(Long.MAX_VALUE).u32(FileLock.F_WRLCK).u32(100 + (int) unique) // lk
                .u32(0).u32(0)                           // lk_flags, padding
                .build();
    }

    private static byte[] getattr(long unique) {
        return Frames.request(Opcode.GETATTR.code(), unique, 1).zeros(16).build();
    }

    private static byte[] interrupt(long unique, long target) {
        return Frames.request(Opcode.INTERRUPT.code(), unique, 0).u64(target).build();
    }

    private ReplyView call(Duration timeout, byte[] frame) {
        channel.send(frame);
        return channel.reply(timeout);
    }

    /** Takes {@code n} replies, by unique. */
    private Map<Long, ReplyView> replies(int n) {
        Map<Long, ReplyView> got = new HashMap<>();
        for (int i = 0; i < n; i++) {
            ReplyView r = channel.reply(T);
            assertEquals(null, got.put(r.unique(), r), () -> "two replies for unique " + r.unique());
        }
        return got;
    }

    /** One write lock, waited for as MemoryFs does: interruptible, woken on unlock. */
    private static final class OneLock implements FileSystem {
        final AtomicInteger waiting = new AtomicInteger();
        private long holder = -1;

        @Override
        public Attr getattr(Request req, long nodeid, long fh) {
            return ROOT_ATTR;
        }

        @Override
        public synchronized void setlk(Request req, long nodeid, long fh, long owner, FileLock lock, boolean sleep) {
            if (lock.type() == FileLock.F_UNLCK) {
                if (holder == owner) {
                    holder = -1;
                    notifyAll();
                }
                return;
            }
            req.onInterrupt(this::wake);
            waiting.incrementAndGet();
            try {
                while (holder != -1 && holder != owner) {
                    if (req.isInterrupted()) {
                        throw new FuseException(Errno.EINTR);
                    }
                    wait(50);
                }
                holder = owner;
            } catch (InterruptedException e) {
                throw new FuseException(Errno.EINTR);
            } finally {
                waiting.decrementAndGet();
            }
        }

        @Override
        public synchronized void flush(Request req, long nodeid, long fh, long owner) {
            if (holder == owner) {
                holder = -1;
                notifyAll();
            }
        }

        private synchronized void wake() {
            notifyAll();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ThreadingPolicy.class)
    @DisplayName("10 x max_inflight lock waiters: GETATTR answered, INTERRUPTs read, the unlock wakes the rest")
    void lockWaiters(ThreadingPolicy policy) throws Exception {
        OneLock fs = new OneLock();
        mount(fs, options(policy));
        channel.send(setlkw(10, 1));                      // owner 1 takes the lock
        assertEquals(0, channel.reply(T).error());
        for (int i = 0; i < WAITERS; i++) {
            channel.send(setlkw(100 + i, 1000 + i));      // every other owner waits
        }
        awaitWaiting(fs, WAITERS);

        long start = System.nanoTime();
        channel.send(getattr(5000));
        ReplyView attr = channel.reply(T);
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
        assertEquals(5000, attr.unique(), attr::toString);
        assertEquals(0, attr.error(), attr::toString);
        System.out.println("GETATTR with " + WAITERS + " lock waiters (" + policy + "): " + micros + " us");

        // the kernel interrupts the first half (their processes were killed)
        for (int i = 0; i < WAITERS / 2; i++) {
            channel.send(interrupt(9000 + i, 100 + i));
        }
        Map<Long, ReplyView> interrupted = replies(WAITERS / 2);
        for (int i = 0; i < WAITERS / 2; i++) {
            ReplyView r = interrupted.get(100L + i);
            assertEquals(-Errno.EINTR.code(), r == null ? 0 : r.error(), "waiter " + (100 + i) + ": " + r);
        }

        // the holder unlocks (FLUSH on close): every other waiter gets the lock in turn, then lets go
        // (a woken waiter may answer before the FLUSH itself: replies are told apart by unique)
        channel.send(Frames.request(Opcode.FLUSH.code(), 20, 2).u64(7).u32(0).u32(0).u64(1).build());
        int granted = 0;
        int flushed = -1; // the holder's FLUSH, then one per granted waiter
        while (granted < WAITERS / 2 || flushed < granted) {
            ReplyView r = channel.reply(T);
            assertEquals(0, r.error(), r::toString);
            if (r.unique() == 20 || r.unique() >= 30_000) {
                flushed++;
                continue;
            }
            granted++;
            long owner = 1000 + (r.unique() - 100);
            channel.send(Frames.request(Opcode.FLUSH.code(), 30_000 + r.unique(), 2).u64(7).u32(0).u32(0).u64(owner)
                    .build());
        }
        awaitInFlight(0);
    }

    private void awaitInFlight(int n) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (session.requestsInFlight() != n) {
            assertTrue(System.nanoTime() < deadline, session.requestsInFlight() + " requests in flight, not " + n);
            Thread.sleep(5);
        }
    }

    private static void awaitWaiting(OneLock fs, int n) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (fs.waiting.get() < n) {
            assertTrue(System.nanoTime() < deadline, "only " + fs.waiting.get() + " of " + n + " waiters arrived");
            Thread.sleep(5);
        }
    }

    @Test
    @DisplayName("10 x max_inflight slow FSYNC handlers: GETATTR and the READ that follows are answered")
    void slowHandlers() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        byte[] data = "abc".getBytes();
        mount(new FileSystem() {
            @Override
            public Attr getattr(Request req, long nodeid, long fh) {
                return ROOT_ATTR;
            }

            @Override
            public void fsync(Request req, long nodeid, long fh, boolean datasync) {
                inside.incrementAndGet();
                try {
                    if (!gate.await(T.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new FuseException(Errno.ETIMEDOUT);
                    }
                } catch (InterruptedException e) {
                    throw new FuseException(Errno.EINTR);
                }
            }

            @Override
            public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
                MemorySegment.copy(data, 0, dest, ValueLayout.JAVA_BYTE, 0, data.length);
                return data.length;
            }
        }, options(ThreadingPolicy.HYBRID));
        try {
            for (int i = 0; i < WAITERS; i++) {
                channel.send(Frames.request(Opcode.FSYNC.code(), 100 + i, 2).u64(7).u32(0).u32(0).build());
            }
            long deadline = System.nanoTime() + T.toNanos();
            while (inside.get() < WAITERS) {
                assertTrue(System.nanoTime() < deadline, "only " + inside.get() + " handlers started");
                Thread.sleep(5);
            }
            assertEquals(0, call(T.dividedBy(2), getattr(5000)).error());
            ReplyView read = call(T.dividedBy(2),
                    Frames.request(Opcode.READ.code(), 5001, 2).u64(7).u64(0).u32(4096).u32(0).u64(0).u32(0).u32(0)
                            .build());
            assertEquals(16 + 3, read.len(), read::toString);
            awaitInFlight(WAITERS);
        } finally {
            gate.countDown();
        }
        assertEquals(WAITERS, replies(WAITERS).size());
    }

    @Test
    @DisplayName("DESTROY with two idle readers is answered at once, not after the unmount grace")
    void destroyDoesNotWaitForIdleReaders() throws Exception {
        AtomicInteger destroys = new AtomicInteger();
        mount(new FileSystem() {
            @Override
            public void destroy() {
                destroys.incrementAndGet();
            }
        }, MountOptions.builder().readers(2).unmountGrace(Duration.ofSeconds(30)).build());
        long start = System.nanoTime();
        ReplyView r = call(Duration.ofSeconds(10), Frames.request(Opcode.DESTROY.code(), 77, 0).build());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(0, r.error(), r::toString);
        assertEquals(1, destroys.get());
        assertTrue(millis < 10_000, "DESTROY took " + millis + " ms");
    }

    @Test
    @DisplayName("a second INIT is refused with EPROTO: init() once, no more readers, the session serves on")
    void repeatedInit() throws Exception {
        AtomicInteger inits = new AtomicInteger();
        mount(new FileSystem() {
            @Override
            public void init(ConnectionInfo connection) {
                inits.incrementAndGet();
            }

            @Override
            public Attr getattr(Request req, long nodeid, long fh) {
                return ROOT_ATTR;
            }
        }, MountOptions.builder().readers(2).build());
        Thread.sleep(200); // the second reader starts just after INIT is answered
        int readers = readerThreads();
        for (int i = 0; i < 5; i++) {
            ReplyView r = call(T, Frames.initExt(40 + i, 7, 45, 128 << 10, K45));
            assertEquals(-Errno.EPROTO.code(), r.error(), r::toString);
        }
        Thread.sleep(100);
        assertEquals(1, inits.get());
        assertEquals(readers, readerThreads());
        assertEquals(0, call(T, getattr(50)).error());
    }

    private static int readerThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("fuse-reader-") && t.isAlive()).count();
    }

    @Test
    @DisplayName("a reader that dies of an Error aborts the connection and ends the session")
    void readerDeathAborts() throws Exception {
        CountDownLatch aborted = new CountDownLatch(1);
        // a channel whose read fails with an Error, as an exhausted heap would
        FakeChannel dying = new FakeChannel();
        Session s = new Session(new FileSystem() {
        }, new Dying(dying), MountOptions.builder().readers(1).unmountGrace(Duration.ofSeconds(1)).build());
        s.abortWith(aborted::countDown);
        s.start();
        dying.send(Frames.initExt(1, 7, 45, 128 << 10, K45));
        assertEquals(0, dying.reply(T).error());
        s.awaitInit(T);
        dying.send(getattr(666));
        assertTrue(aborted.await(T.toMillis(), TimeUnit.MILLISECONDS), "the abort action should run");
        assertTrue(s.awaitEnd(T), "the session should end");
        assertTrue(s.failure().contains("reader thread died"), s.failure());
        dying.close();
    }

    /** A transport whose receive throws an {@link OutOfMemoryError} once it has read unique 666. */
    private record Dying(FakeChannel fake) implements FuseTransport {
        @Override
        public int receive(Slot slot) throws IOException {
            int n = fake.receive(slot);
            if (n > 16 && slot.in().get(ValueLayout.JAVA_LONG_UNALIGNED, 8) == 666) {
                throw new OutOfMemoryError("test: the heap is exhausted");
            }
            return n;
        }

        @Override
        public ReplySink notifications() {
            return fake;
        }

        @Override
        public void close() {
            fake.close();
        }
    }
}
