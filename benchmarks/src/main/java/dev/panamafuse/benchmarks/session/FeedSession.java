package dev.panamafuse.benchmarks.session;

import dev.panamafuse.FileSystem;
import dev.panamafuse.examples.hello.HelloFs;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.session.Session;
import java.lang.foreign.Arena;
import java.time.Duration;

/**
 * A {@link Session} serving a filesystem over a {@link FeedChannel} that repeats one request
 * frame, started and past INIT: what the session benchmarks measure against.
 */
final class FeedSession implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    /** The in-memory channel; {@link FeedChannel#run(long)} lets a batch of requests through. */
    final FeedChannel channel;
    /** The session, INIT answered. */
    final Session session;

    /**
     * A session serving {@link HelloFs} with GETATTRs of the root.
     *
     * @param options the mount options (readers, dispatch policy)
     * @throws Exception when INIT fails
     */
    FeedSession(MountOptions options) throws Exception {
        this(new HelloFs(), SessionBenchmark.frame("GETATTR"), options);
    }

    /**
     * Starts the session and completes INIT.
     *
     * @param fs      the filesystem to serve
     * @param frame   the request frame to repeat
     * @param options the mount options (readers, dispatch policy)
     * @throws Exception when INIT fails
     */
    FeedSession(FileSystem fs, byte[] frame, MountOptions options) throws Exception {
        channel = new FeedChannel(arena, frame);
        session = new Session(fs, channel, options);
        session.start();
        session.awaitInit(Duration.ofSeconds(10));
    }

    /** Stops the session, waits for its end and frees the frames. */
    @Override
    public void close() throws InterruptedException {
        session.stop();
        channel.close();
        channel.checkNoErrors();
        session.awaitEnd(Duration.ofSeconds(10));
        arena.close();
    }
}
