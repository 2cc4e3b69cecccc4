package dev.panamafuse.session;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Request;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.FakeChannel;
import dev.panamafuse.testing.ReplyView;
import dev.panamafuse.testing.SessionHarness;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Drives a whole {@link Session} over a {@link dev.panamafuse.testing.FakeChannel}, without a
 * kernel: INTERRUPT of a request in flight, of an unknown one, and a truncated one.
 */
@DisplayName("Session over a fake channel: INTERRUPT")
class SessionInterruptTest extends SessionHarness {
    @Test
    @DisplayName("flips isInterrupted() and runs onInterrupt callbacks while the handler blocks; no Thread.interrupt()")
    void interruptInFlight() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch callback = new CountDownLatch(1);
        AtomicBoolean interruptedBefore = new AtomicBoolean(true);
        AtomicBoolean sawInterrupted = new AtomicBoolean();
        AtomicBoolean threadInterrupted = new AtomicBoolean(true);
        AtomicReference<Thread> callbackThread = new AtomicReference<>();
        AtomicReference<Thread> handlerThread = new AtomicReference<>();
        AtomicReference<Thread> lateCallbackThread = new AtomicReference<>();
        mount(new FileSystem() {
            @Override
            public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
                handlerThread.set(Thread.currentThread());
                interruptedBefore.set(req.isInterrupted());
                req.onInterrupt(() -> {
                    callbackThread.set(Thread.currentThread());
                    callback.countDown();
                });
                entered.countDown();
                try {
                    if (callback.await(T.toMillis(), TimeUnit.MILLISECONDS)) {
                        sawInterrupted.set(req.isInterrupted());
                        threadInterrupted.set(Thread.currentThread().isInterrupted());
                        // registered after the interrupt: runs at once, on this thread
                        req.onInterrupt(() -> lateCallbackThread.set(Thread.currentThread()));
                    }
                } catch (InterruptedException e) {
                    threadInterrupted.set(true);
                }
                throw new FuseException(Errno.EINTR);
            }
        });
        channel.send(req(Opcode.READ, 50, 2).u64(1).u64(0).u32(4096).zeros(20).build());
        await(entered, "handler entry");
        assertEquals(1, callback.getCount(), "no callback before the interrupt");
        channel.send(req(Opcode.INTERRUPT, 51, 0).u64(50).build());
        ReplyView r = channel.reply(T);
        assertError(r, 50, Errno.EINTR);
        assertFalse(interruptedBefore.get());
        assertTrue(sawInterrupted.get(), "isInterrupted() after the interrupt");
        assertFalse(threadInterrupted.get(), "the handler thread must not be Thread.interrupt()ed");
        assertNotNull(callbackThread.get());
        assertFalse(callbackThread.get() == handlerThread.get(), "the first callback runs on the session's thread");
        assertSame(handlerThread.get(), lateCallbackThread.get(), "a late callback runs at once on the caller");
        channel.assertNoReply(QUIET); // the INTERRUPT itself is not answered
    }

    @Test
    @DisplayName("an INTERRUPT for an unknown unique is answered EAGAIN with the interrupt's own unique")
    void unknownTarget() throws Exception {
        mount(new EmptyFs());
        // the kernel gives an INTERRUPT the unique of its target with FUSE_INT_REQ_BIT (bit 0) set
        ReplyView r = call(req(Opcode.INTERRUPT, 12345, 0).u64(12344).build());
        assertBytes(hex(
                "10 00 00 00 f5 ff ff ff", // len=16, error=-11 (EAGAIN)
                "39 30 00 00 00 00 00 00"  // unique=12345 (the INTERRUPT's own: 12344 | FUSE_INT_REQ_BIT)
        ), r.bytes());
    }

    @Test
    @DisplayName("an INTERRUPT without its fuse_interrupt_in is dropped")
    void truncatedInterrupt() throws Exception {
        mount(new EmptyFs());
        channel.send(req(Opcode.INTERRUPT, 78, 0).build());
        assertEquals(79, call(req(Opcode.STATFS, 79, 1).build()).unique());
        channel.assertNoReply(QUIET);
    }
}
