package dev.panamafuse.session;

import static dev.panamafuse.testing.Frames.assertBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Attr;
import dev.panamafuse.FileSystem;
import dev.panamafuse.Request;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.mount.ThreadingPolicy;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.FakeChannel;
import dev.panamafuse.testing.FakeRing;
import dev.panamafuse.testing.Frames;
import dev.panamafuse.testing.ReplyView;
import dev.panamafuse.testing.SessionHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The transport SPI ({@link FuseTransport}, {@link ReplySink}, {@link Slot}) with a transport
 * that copies each frame into the slot ({@link FakeChannel}, as {@code /dev/fuse} does) and one
 * that binds the slot to memory of its own ({@link FakeRing}, as FUSE over io_uring will): the
 * per-operation code answers both alike, replies leave through the sink of the request's own
 * entry, and the readers' rule that waiting requests never stop the reading holds for both.
 */
@DisplayName("transport SPI: copying and binding transports")
class TransportSeamTest {
    private static final Duration T = SessionHarness.T;

    /** INIT, then requests of several kinds: success, errors, a malformed and an unknown frame. */
    private static List<byte[]> frames() {
        List<byte[]> f = new ArrayList<>();
        f.add(Frames.initExt(1, 7, 45, SessionHarness.READAHEAD, SessionHarness.K45));
        f.add(req(Opcode.LOOKUP, 0x10, 1).name("hello").build());
        f.add(req(Opcode.LOOKUP, 0x11, 1).name("nope").build());
        f.add(req(Opcode.GETATTR, 0x12, 2).u32(0).u32(0).u64(0).build());
        f.add(req(Opcode.READ, 0x13, 2).u64(0x10).u64(0).u32(4096).u32(0).u64(0).u32(0x8000).u32(0).build());
        f.add(req(Opcode.READDIR, 0x14, 1).u64(0).u64(0).u32(4096).zeros(20).build());
        f.add(req(Opcode.STATFS, 0x15, 1).build());
        f.add(Frames.request(999, 0x16, 1).build());
        byte[] bad = req(Opcode.GETATTR, 0x17, 2).u32(0).u32(0).u64(0).build();
        bad[0]++; // len no longer matches the bytes delivered
        f.add(bad);
        return f;
    }

    private static Frames.Request req(Opcode op, long unique, long nodeid) {
        return Frames.request(op.code(), unique, nodeid).uid(1000).gid(1000).pid(4242);
    }

    /** Runs {@link #frames()} through a session over {@code transport}, one reply at a time. */
    private static List<byte[]> replies(FuseTransport transport, Consumer<byte[]> send, Supplier<ReplyView> next)
            throws Exception {
        Session s = new Session(new HelloTestFs(), transport, MountOptions.builder()
                .unmountGrace(Duration.ofSeconds(2)).build());
        s.start();
        List<byte[]> out = new ArrayList<>();
        try {
            for (byte[] frame : frames()) {
                send.accept(frame);
                out.add(next.get().bytes());
            }
        } finally {
            s.stop();
            transport.close();
            assertTrue(s.awaitEnd(Duration.ofSeconds(10)), "the session should end");
        }
        return out;
    }

    @Test
    @DisplayName("a binding transport gets the same replies, byte for byte, committed in place in its entries")
    void bindingTransportAnsweredAlike() throws Exception {
        FakeChannel channel = new FakeChannel();
        List<byte[]> copied = replies(channel, channel::send, () -> channel.reply(T));
        FakeRing ring = new FakeRing(4, 1 << 20);
        List<byte[]> bound = replies(ring, ring::send, () -> ring.reply(T));
        assertEquals(copied.size(), bound.size());
        for (int i = 0; i < copied.size(); i++) {
            assertBytes(copied.get(i), bound.get(i));
        }
        assertEquals(frames().size(), ring.inPlaceCommits(), "every reply built in its entry's memory");
        assertEquals(0, ring.copiedCommits());
        assertEquals(4, ring.entries(), "one request at a time needs no more entries");
    }

    @Test
    @DisplayName("with every entry and pooled slot taken by waiting requests, the ring grows and spilled replies are copied in")
    void waitingRequestsOnABindingTransport() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FileSystem fs = new FileSystem() {
            @Override
            public Attr getattr(Request req, long nodeid, long fh) {
                if (nodeid == 7) {
                    try {
                        release.await(T.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else {
                    release.countDown(); // the request that ends the wait
                }
                return SessionTest.HELLO;
            }
        };
        FakeRing ring = new FakeRing(2, 1 << 20);
        Session s = new Session(fs, ring, MountOptions.builder().maxInFlight(2).readers(1)
                .dispatch(ThreadingPolicy.VIRTUAL).unmountGrace(Duration.ofSeconds(2)).build());
        s.start();
        try {
            ring.send(Frames.initExt(1, 7, 45, SessionHarness.READAHEAD, SessionHarness.K45));
            assertEquals(0, ring.reply(T).error());
            s.awaitInit(T);
            for (int u = 0x20; u < 0x23; u++) {
                ring.send(req(Opcode.GETATTR, u, 7).u32(0).u32(0).u64(0).build());
            }
            ring.send(req(Opcode.GETATTR, 0x23, 8).u32(0).u32(0).u64(0).build());
            Set<Long> answered = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                ReplyView r = ring.reply(T);
                assertEquals(0, r.error(), r::toString);
                answered.add(r.unique());
            }
            assertEquals(Set.of(0x20L, 0x21L, 0x22L, 0x23L), answered);
            assertTrue(ring.entries() > 2, "the ring registered entries while every one waited: " + ring.entries());
            assertTrue(ring.copiedCommits() >= 1, "a request read with the reserve slot ran in a spill slot");
        } finally {
            release.countDown();
            s.stop();
            ring.close();
            assertTrue(s.awaitEnd(Duration.ofSeconds(10)), "the session should end");
        }
    }

    @Test
    @DisplayName("notifications leave through the transport's notification sink")
    void notificationsThroughTheSeam() throws Exception {
        FakeRing ring = new FakeRing(2, 1 << 16);
        Session s = new Session(new HelloTestFs(), ring, MountOptions.builder()
                .unmountGrace(Duration.ofSeconds(2)).build());
        s.start();
        try {
            ring.send(Frames.initExt(1, 7, 45, SessionHarness.READAHEAD, SessionHarness.K45));
            assertEquals(0, ring.reply(T).error());
            s.awaitInit(T);
            s.notifyPoll(0x1234);
            ReplyView n = ring.notification(T);
            assertEquals(24, n.len(), "out header + fuse_notify_poll_wakeup_out");
            assertEquals(0, n.unique());
            assertEquals(1, n.error(), "FUSE_NOTIFY_POLL");
            assertEquals(0x1234, n.u64(16), "kh");
        } finally {
            s.stop();
            ring.close();
            assertTrue(s.awaitEnd(Duration.ofSeconds(10)), "the session should end");
        }
    }
}
