package dev.panamafuse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamafuse.FileSystem;
import dev.panamafuse.mount.ConnectionInfo;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.testing.Frames;
import dev.panamafuse.testing.ReplyView;
import dev.panamafuse.testing.SessionHarness;

/**
 * Base of session tests that mount a filesystem on a {@link dev.panamafuse.testing.FakeChannel}
 * as a 7.45 kernel offering every capability; the {@link SessionHarness} stops the session after
 * each test.
 */
abstract class FakeMountTest extends SessionHarness {
    /** Every capability a 7.45 kernel offers (FUSE_PASSTHROUGH, bit 37, included). */
    static final long OFFER_ALL = 0x7ff7_ffff_fffbL;

    /** The reply to INIT of the last {@link #mount}. */
    ReplyView initReply;

    /** Starts a session and completes INIT, offering {@link #OFFER_ALL}. */
    @Override
    protected ConnectionInfo mount(FileSystem fs, MountOptions options) throws Exception {
        create(fs, options).start();
        channel.send(Frames.initExt(1, 7, 45, 128 << 10, OFFER_ALL));
        initReply = channel.reply(T);
        assertEquals(0, initReply.error());
        return session.awaitInit(T);
    }
}
