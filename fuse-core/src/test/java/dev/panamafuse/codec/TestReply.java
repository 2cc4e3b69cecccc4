package dev.panamafuse.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamafuse.testing.Frames;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/** A {@link ReplyFrame} over its own confined memory, for the encoder tests; close it after each test. */
final class TestReply implements AutoCloseable {
    final Arena arena = Arena.ofConfined();
    final ReplyFrame reply = new ReplyFrame(arena.allocate(8192, 4096),
            arena.allocate(ReplyFrame.MAX_IOVECS * ReplyFrame.IOVEC_SIZE, 8));

    /**
     * Finishes the reply and returns the bytes the kernel would receive: every iovec's bytes,
     * concatenated.
     */
    byte[] sent() {
        reply.finish();
        byte[] all = new byte[0];
        for (int i = 0; i < reply.iovecCount(); i++) {
            MemorySegment part = reply.part(i);
            byte[] bytes = Frames.bytes(part);
            byte[] joined = Arrays.copyOf(all, all.length + bytes.length);
            System.arraycopy(bytes, 0, joined, all.length, bytes.length);
            all = joined;
        }
        assertEquals(reply.length(), all.length, "header len equals the bytes sent");
        return all;
    }

    /** The rows of {@code parts}, one array after the other. */
    static String[] rows(String[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }

    @Override
    public void close() {
        arena.close();
    }
}
