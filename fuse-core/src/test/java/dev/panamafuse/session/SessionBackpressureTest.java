package dev.panamafuse.session;

import static dev.panamafuse.session.SessionTest.HELLO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Attr;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Request;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.FakeChannel;
import dev.panamafuse.testing.ReplyView;
import dev.panamafuse.testing.SessionHarness;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Drives a whole {@link Session} over a {@link dev.panamafuse.testing.FakeChannel}, without a
 * kernel: backpressure: the slot pool bounds the requests in flight.
 */
@DisplayName("Session over a fake channel: backpressure")
class SessionBackpressureTest extends SessionHarness {
    @Test
    @DisplayName("with max_inflight=2 and both handlers blocked, the third request is not read until one finishes")
    void boundedInFlight() throws Exception {
        Semaphore entered = new Semaphore(0);
        Semaphore gate = new Semaphore(0);
        AtomicInteger entries = new AtomicInteger();
        try {
            mount(new FileSystem() {
                @Override
                public Attr getattr(Request req, long nodeid, long fh) {
                    entries.incrementAndGet();
                    entered.release();
                    try {
                        if (!gate.tryAcquire(T.toMillis(), TimeUnit.MILLISECONDS)) {
                            throw new FuseException(Errno.ETIMEDOUT);
                        }
                    } catch (InterruptedException e) {
                        throw new FuseException(Errno.EINTR);
                    }
                    return HELLO;
                }
            }, options().maxInFlight(2).build());
            int readsAfterInit = channel.framesRead();
            for (long u = 60; u < 63; u++) {
                channel.send(req(Opcode.GETATTR, u, 2).zeros(16).build());
            }
            assertTrue(entered.tryAcquire(2, T.toMillis(), TimeUnit.MILLISECONDS), "two handlers start");
            channel.assertNoReply(QUIET);
            assertEquals(2, entries.get(), "the third request is not dispatched");
            assertEquals(1, channel.pending(), "the third frame is still in the channel");
            assertEquals(readsAfterInit + 2, channel.framesRead());
            assertEquals(2, session.requestsInFlight());

            gate.release();
            ReplyView first = channel.reply(T);
            assertEquals(0, first.error());
            assertTrue(entered.tryAcquire(1, T.toMillis(), TimeUnit.MILLISECONDS), "the third handler starts");
            assertEquals(0, channel.pending());
            assertEquals(3, entries.get());

            gate.release(2);
            Set<Long> uniques = new HashSet<>(List.of(first.unique(), channel.reply(T).unique(),
                    channel.reply(T).unique()));
            assertEquals(Set.of(60L, 61L, 62L), uniques);
        } finally {
            gate.release(10);
        }
    }
}
