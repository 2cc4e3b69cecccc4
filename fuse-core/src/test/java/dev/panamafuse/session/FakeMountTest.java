package dev.panamafuse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.FileSystem;
import dev.panamafuse.mount.ConnectionInfo;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.testing.FakeChannel;
import dev.panamafuse.testing.Frames;
import dev.panamafuse.testing.ReplyView;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * Base of session tests that mount a filesystem on a {@link FakeChannel} as a 7.45 kernel
 * offering every capability, and stop the session after each test.
 */
abstract class FakeMountTest {
    static final Duration T = Duration.ofSeconds(5);
    /** Every capability a 7.45 kernel offers (FUSE_PASSTHROUGH, bit 37, included). */
    static final long OFFER_ALL = 0x7ff7_ffff_fffbL;

    FakeChannel channel;
    Session session;
    /** The reply to INIT of the last {@link #mount}. */
    ReplyView initReply;

    @AfterEach
    void stopSession() throws InterruptedException {
        if (session != null) {
            session.stop();
            channel.close();
            assertTrue(session.awaitEnd(Duration.ofSeconds(10)), "the session should end after close");
        }
    }

    /** Starts a session for {@code fs} (not yet INIT); the test may configure it before {@code start}. */
    Session create(FileSystem fs, MountOptions options) {
        channel = new FakeChannel();
        session = new Session(fs, channel, options);
        return session;
    }

    /** Starts a session and completes INIT. */
    ConnectionInfo mount(FileSystem fs, MountOptions options) throws Exception {
        create(fs, options).start();
        channel.send(Frames.initExt(1, 7, 45, 128 << 10, OFFER_ALL));
        initReply = channel.reply(T);
        assertEquals(0, initReply.error());
        return session.awaitInit(T);
    }
}
