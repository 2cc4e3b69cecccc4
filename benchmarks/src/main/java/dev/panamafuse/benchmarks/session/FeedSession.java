package dev.panamafuse.benchmarks.session;

import dev.panamafuse.examples.hello.HelloFs;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.session.Session;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * A {@link Session} serving {@link HelloFs} over a {@link FeedChannel} that repeats a GETATTR of
 * the root, started and past INIT: what the session benchmarks measure against.
 */
final class FeedSession implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    /** The in-memory channel; {@link FeedChannel#run(long)} lets a batch of GETATTRs through. */
    final FeedChannel channel;
    /** The session, INIT answered. */
    final Session session;

    /**
     * Starts the session and completes INIT.
     *
     * @param options the mount options (readers, dispatch policy)
     * @throws Exception when INIT fails
     */
    FeedSession(MountOptions options) throws Exception {
        ByteBuffer getattr = ByteBuffer.allocate(56).order(ByteOrder.nativeOrder());
        getattr.putInt(0, 56).putInt(4, Opcode.GETATTR.code()).putLong(16, 1);
        channel = new FeedChannel(arena, getattr.array());
        session = new Session(new HelloFs(), channel, options);
        session.start();
        session.awaitInit(Duration.ofSeconds(10));
    }

    /** Stops the session, waits for its end and frees the frames. */
    @Override
    public void close() throws InterruptedException {
        session.stop();
        channel.close();
        session.awaitEnd(Duration.ofSeconds(10));
        arena.close();
    }
}
