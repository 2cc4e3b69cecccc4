package dev.panamafuse.session;

import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.FileSystem;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.FakeChannel;
import dev.panamafuse.testing.LogCapture;
import dev.panamafuse.testing.SessionHarness;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Drives a whole {@link Session} over a {@link dev.panamafuse.testing.FakeChannel}, without a
 * kernel: FORGET and BATCH_FORGET, which get no reply.
 */
@DisplayName("Session over a fake channel: FORGET")
class SessionForgetTest extends SessionHarness {
    private final BlockingQueue<long[]> forgets = new LinkedBlockingQueue<>();

    private final FileSystem fs = new FileSystem() {
        @Override
        public void forget(long nodeid, long nlookup) {
            forgets.add(new long[] {nodeid, nlookup});
        }
    };

    @Test
    @DisplayName("FORGET calls forget(nodeid, nlookup) and gets no reply")
    void forget() throws Exception {
        mount(fs);
        channel.send(req(Opcode.FORGET, 30, 42).u64(3).build());
        long[] f = poll(forgets);
        assertEquals(42, f[0]);
        assertEquals(3, f[1]);
        channel.assertNoReply(QUIET);
    }

    @Test
    @DisplayName("BATCH_FORGET calls forget for each fuse_forget_one, in order, and gets no reply")
    void batchForget() throws Exception {
        mount(fs);
        byte[] frame = hex(
                "60 00 00 00 2a 00 00 00", // len=96, opcode=BATCH_FORGET (42)
                "1f 00 00 00 00 00 00 00", // unique=31
                "00 00 00 00 00 00 00 00", // nodeid=0
                "00 00 00 00 00 00 00 00", // uid=0, gid=0
                "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
                "03 00 00 00 00 00 00 00", // fuse_batch_forget_in: count=3, dummy=0
                "02 00 00 00 00 00 00 00", // [0] nodeid=2
                "01 00 00 00 00 00 00 00", //     nlookup=1
                "05 00 00 00 00 00 00 00", // [1] nodeid=5
                "07 00 00 00 00 00 00 00", //     nlookup=7
                "00 00 00 00 01 00 00 00", // [2] nodeid=0x100000000
                "ff ff ff ff ff ff ff ff"  //     nlookup=2^64-1
        );
        channel.send(frame);
        long[] a = poll(forgets);
        long[] b = poll(forgets);
        long[] c = poll(forgets);
        assertEquals(List.of(2L, 1L), List.of(a[0], a[1]));
        assertEquals(List.of(5L, 7L), List.of(b[0], b[1]));
        assertEquals(List.of(1L << 32, -1L), List.of(c[0], c[1]));
        channel.assertNoReply(QUIET);
    }

    @Test
    @DisplayName("a BATCH_FORGET whose count exceeds the frame forgets nothing, gets no reply, and the session goes on")
    void batchForgetTooMany() throws Exception {
        try (LogCapture log = LogCapture.of(Session.class)) {
            mount(fs);
            channel.send(req(Opcode.BATCH_FORGET, 32, 0).u32(5).u32(0).u64(2).u64(1).build());
            assertEquals(33, call(req(Opcode.STATFS, 33, 1).build()).unique());
            channel.assertNoReply(QUIET);
            assertTrue(forgets.isEmpty());
        }
    }
}
