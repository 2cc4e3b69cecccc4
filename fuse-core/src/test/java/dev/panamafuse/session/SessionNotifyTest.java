package dev.panamafuse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.testing.FakeChannel;
import dev.panamafuse.testing.Frames;
import dev.panamafuse.testing.SessionHarness;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Kernel-bound notifications through the session's preallocated notifier: frames stay whole when
 * many threads notify at once, and none leaves after the session has ended. (That a notification
 * allocates nothing is measured by the benchmarks' {@code NotifyBenchmark} with {@code -prof gc}.)
 */
@DisplayName("Session notifier: FUSE_NOTIFY_POLL from any thread")
class SessionNotifyTest {
    private static final Duration T = SessionHarness.T;
    private static final int THREADS = 8;
    private static final int EACH = 2_000;

    private final FakeChannel requests = new FakeChannel();
    /** Notifications seen per kh, checked without allocating. */
    private final AtomicLongArray seen = new AtomicLongArray(THREADS * EACH);
    private final AtomicInteger malformed = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private Session session;

    /** Requests from a {@link FakeChannel}; notifications into a sink that checks and counts them. */
    private final class CountingTransport implements FuseTransport, ReplySink {
        @Override
        public int receive(Slot slot) throws IOException {
            return requests.receive(slot);
        }

        @Override
        public ReplySink notifications() {
            return this;
        }

        @Override
        public void send(ReplyFrame reply, MemorySegment callState) {
            sent.incrementAndGet();
            MemorySegment b = reply.part(0);
            long kh = b.get(ValueLayout.JAVA_LONG_UNALIGNED, 16);
            if (reply.iovecCount() != 1 || reply.length() != 24 || b.get(ValueLayout.JAVA_INT_UNALIGNED, 4) != 1
                    || b.get(ValueLayout.JAVA_LONG_UNALIGNED, 8) != 0 || kh < 0 || kh >= seen.length()) {
                malformed.incrementAndGet();
                return;
            }
            seen.incrementAndGet((int) kh);
        }

        @Override
        public void close() {
            requests.close();
        }
    }

    private void mount() throws Exception {
        session = new Session(new SessionTest.EmptyFs(), new CountingTransport(), MountOptions.builder()
                .unmountGrace(Duration.ofSeconds(2)).build());
        session.start();
        requests.send(Frames.initExt(1, 7, 45, SessionHarness.READAHEAD, SessionHarness.K45));
        assertEquals(0, requests.reply(T).error());
        session.awaitInit(T);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (session != null) {
            session.stop();
            requests.close();
            assertTrue(session.awaitEnd(Duration.ofSeconds(10)), "the session should end");
        }
    }

    @Test
    @DisplayName("8 threads notifying at once: every frame whole, each kh exactly once")
    void concurrentNotifications() throws Exception {
        mount();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int first = t * EACH;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < EACH; i++) {
                    session.notifyPoll(first + i);
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(T.toMillis());
        }
        assertEquals(0, malformed.get(), "malformed notification frames");
        for (int kh = 0; kh < seen.length(); kh++) {
            assertEquals(1, seen.get(kh), "notifications for kh " + kh);
        }
    }

    @Test
    @DisplayName("after the session has ended, notifications are dropped")
    void droppedAfterEnd() throws Exception {
        mount();
        session.stop();
        requests.close();
        assertTrue(session.awaitEnd(Duration.ofSeconds(10)));
        int before = sent.get();
        session.notifyPoll(1);
        assertEquals(before, sent.get(), "nothing sent after the end");
    }
}
