package dev.panamafuse.session;

import static dev.panamafuse.session.SessionTest.HELLO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Attr;
import dev.panamafuse.FileSystem;
import dev.panamafuse.Request;
import dev.panamafuse.mount.ThreadingPolicy;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.FakeChannel;
import dev.panamafuse.testing.LogCapture;
import dev.panamafuse.testing.ReplyView;
import dev.panamafuse.testing.SessionHarness;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Drives a whole {@link Session} over a {@link dev.panamafuse.testing.FakeChannel}, without a
 * kernel: shutdown: drain, a stuck handler, an external unmount, DESTROY.
 */
@DisplayName("Session over a fake channel: shutdown")
class SessionShutdownTest extends SessionHarness {
    @Test
    @DisplayName("stop + close: the in-flight handler finishes within the grace, then destroy() once, then the end")
    void drain() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean handlerDone = new AtomicBoolean();
        AtomicInteger destroys = new AtomicInteger();
        AtomicBoolean doneBeforeDestroy = new AtomicBoolean();
        AtomicInteger endCalls = new AtomicInteger();
        CountDownLatch endListened = new CountDownLatch(1);
        mount(new FileSystem() {
            @Override
            public Attr getattr(Request req, long nodeid, long fh) {
                entered.countDown();
                try {
                    release.await(T.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                handlerDone.set(true);
                return HELLO;
            }

            @Override
            public void destroy() {
                doneBeforeDestroy.set(handlerDone.get());
                destroys.incrementAndGet();
            }
        }, options().unmountGrace(T).build());
        session.onEnd(() -> {
            endCalls.incrementAndGet();
            endListened.countDown();
        });
        channel.send(req(Opcode.GETATTR, 70, 2).zeros(16).build());
        await(entered, "handler entry");
        session.stop();
        channel.close();
        assertFalse(session.awaitEnd(QUIET), "the session waits for the handler");
        assertEquals(0, destroys.get());
        assertTrue(session.isRunning());
        release.countDown();
        ReplyView r = channel.reply(T);
        assertEquals(70, r.unique());
        assertEquals(0, r.error());
        assertTrue(session.awaitEnd(T));
        assertFalse(session.isRunning());
        assertEquals(1, destroys.get());
        assertTrue(doneBeforeDestroy.get(), "destroy() runs after the last handler finished");
        await(endListened, "the end listener"); // listeners run just after awaitEnd is released
        assertEquals(1, endCalls.get());
        assertTrue(channel.closeCount() >= 1);
        session.stop();
        assertEquals(1, destroys.get());
        AtomicInteger late = new AtomicInteger();
        session.onEnd(late::incrementAndGet);
        assertEquals(1, late.get(), "a listener added after the end runs at once");
    }

    @Test
    @DisplayName("a handler stuck beyond unmount_grace does not hold the end; a warning is logged")
    void stuckHandler() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger destroys = new AtomicInteger();
        try (LogCapture log = LogCapture.of(Session.class)) {
            mount(new FileSystem() {
                @Override
                public Attr getattr(Request req, long nodeid, long fh) {
                    entered.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return HELLO;
                }

                @Override
                public void destroy() {
                    destroys.incrementAndGet();
                }
            }, options().unmountGrace(Duration.ofMillis(200)).dispatch(ThreadingPolicy.VIRTUAL).build());
            AtomicInteger aborts = new AtomicInteger();
            session.abortWith(aborts::incrementAndGet);
            channel.send(req(Opcode.GETATTR, 71, 2).zeros(16).build());
            await(entered, "handler entry");
            // the reader back in receive (INIT, 71, now waiting), so it reads the end of the
            // connection below instead of leaving on stop() first
            awaitReadCalls(3);
            session.stop();
            channel.close();
            assertTrue(session.awaitEnd(T), "the session ends after the grace period");
            assertEquals(1, destroys.get());
            assertTrue(log.warned("still running"), log.warnings()::toString);
            assertEquals(0, aborts.get(), "the connection had ended: nothing to abort");
        } finally {
            release.countDown();
        }
    }

    @Test
    @DisplayName("stopped while a handler is stuck and the connection lives: after the grace the connection is aborted")
    void stuckHandlerOnALiveConnectionAborts() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch aborted = new CountDownLatch(1);
        try (LogCapture log = LogCapture.of(Session.class)) {
            mount(new FileSystem() {
                @Override
                public Attr getattr(Request req, long nodeid, long fh) {
                    if (nodeid == 7) {
                        entered.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return HELLO;
                }
            }, options().readers(2).unmountGrace(Duration.ofMillis(200)).dispatch(ThreadingPolicy.HYBRID).build());
            session.abortWith(aborted::countDown);
            channel.send(req(Opcode.GETATTR, 71, 7).zeros(16).build()); // stuck on its reader
            await(entered, "handler entry");
            // INIT and 71 read by one reader, the other reader blocked in receive: only then stop(),
            // so the request below finds a reader still reading
            awaitReadCalls(3);
            session.stop();
            // a request after stop() (a stat from another process): the other reader answers it and
            // leaves; the kernel still waits for 71, and no reader is left to read the unmount
            assertEquals(0, call(req(Opcode.GETATTR, 72, 2).zeros(16).build()).error());
            await(aborted, "the abort of the connection");
            assertTrue(session.awaitEnd(T), "the session ends");
            assertTrue(session.failure().contains("unanswered"), session.failure());
        } finally {
            release.countDown();
        }
    }

    @Test
    @DisplayName("closing the channel without stop() ends the session too (an external unmount)")
    void externalUnmount() throws Exception {
        AtomicInteger destroys = new AtomicInteger();
        mount(new FileSystem() {
            @Override
            public void destroy() {
                destroys.incrementAndGet();
            }
        });
        channel.close();
        assertTrue(session.awaitEnd(T));
        assertEquals(1, destroys.get());
    }

    @Test
    @DisplayName("a session ended before INIT does not call destroy() and awaitInit fails")
    void endBeforeInit() throws Exception {
        AtomicInteger destroys = new AtomicInteger();
        start(new FileSystem() {
            @Override
            public void destroy() {
                destroys.incrementAndGet();
            }
        }, options().build());
        channel.close();
        assertTrue(session.awaitEnd(T));
        assertThrows(IOException.class, () -> session.awaitInit(T));
        assertEquals(0, destroys.get());
    }

    @Test
    @DisplayName("FUSE_DESTROY calls destroy() once and is answered; the end does not call it again")
    void destroyRequest() throws Exception {
        AtomicInteger destroys = new AtomicInteger();
        mount(new FileSystem() {
            @Override
            public void destroy() {
                destroys.incrementAndGet();
            }
        });
        ReplyView r = call(req(Opcode.DESTROY, 72, 0).build());
        assertEquals(0, r.error());
        assertEquals(16, r.len());
        assertEquals(1, destroys.get());
        session.stop();
        channel.close();
        assertTrue(session.awaitEnd(T));
        assertEquals(1, destroys.get());
    }

    @Test
    @DisplayName("start() twice is refused")
    void startTwice() {
        start(new EmptyFs(), options().build());
        assertThrows(IllegalStateException.class, session::start);
    }

    /** Waits until the session has called {@code receive} {@code calls} times (the last one may be blocked in it). */
    private void awaitReadCalls(int calls) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (channel.readCalls() < calls && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(channel.readCalls() >= calls, "the readers called receive only " + channel.readCalls() + " times");
    }
}
