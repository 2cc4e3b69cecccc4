package dev.panamafuse.session;

import dev.panamafuse.Attr;
import dev.panamafuse.FileSystem;
import dev.panamafuse.Mode;
import dev.panamafuse.testing.SessionHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The fixtures the session tests and the golden-frame tests share: bounds, the capabilities of
 * each kernel, the attributes of the hello filesystem ({@link HelloTestFs}). The session's tests
 * themselves are split by job ({@link SessionInitTest}, {@link SessionErrorsTest},
 * {@link SessionForgetTest}, {@link SessionInterruptTest}, {@link SessionBackpressureTest},
 * {@link SessionShutdownTest}, {@link SessionOperationsTest}) over the
 * {@link SessionHarness} kit; this class keeps its name because other tests refer to it.
 */
final class SessionTest {
    /** Bound for anything that should happen. */
    static final Duration T = SessionHarness.T;
    /** How long to watch for something that should not happen. */
    static final Duration QUIET = SessionHarness.QUIET;
    /** See {@link SessionHarness#K28}. */
    static final long K28 = SessionHarness.K28;
    /** See {@link SessionHarness#K31}. */
    static final long K31 = SessionHarness.K31;
    /** See {@link SessionHarness#K36}. */
    static final long K36 = SessionHarness.K36;
    /** See {@link SessionHarness#K40}. */
    static final long K40 = SessionHarness.K40;
    /** See {@link SessionHarness#K45}. */
    static final long K45 = SessionHarness.K45;
    /** See {@link SessionHarness#WANTED}. */
    static final long WANTED = SessionHarness.WANTED;
    /** See {@link SessionHarness#READAHEAD}. */
    static final int READAHEAD = SessionHarness.READAHEAD;

    static final Instant TIME = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
    static final Attr ROOT = Attr.of(1, Mode.S_IFDIR | 0755, 2, 1000, 1000, 0, TIME);
    static final Attr HELLO = Attr.of(2, Mode.S_IFREG | 0644, 1, 1000, 1000, 14, TIME);
    static final byte[] CONTENT = "Hello, world!\n".getBytes(StandardCharsets.US_ASCII);

    /** fuse_attr of {@link #HELLO}, as it appears inside entry_out and attr_out. */
    static final String[] HELLO_ATTR_ROWS = {
        "02 00 00 00 00 00 00 00", // attr.ino=2
        "0e 00 00 00 00 00 00 00", // attr.size=14
        "01 00 00 00 00 00 00 00", // attr.blocks=1
        "00 f1 53 65 00 00 00 00", // attr.atime=1700000000
        "00 f1 53 65 00 00 00 00", // attr.mtime=1700000000
        "00 f1 53 65 00 00 00 00", // attr.ctime=1700000000
        "15 cd 5b 07 15 cd 5b 07", // attr.atimensec=123456789, attr.mtimensec=123456789
        "15 cd 5b 07 a4 81 00 00", // attr.ctimensec=123456789, attr.mode=0100644
        "01 00 00 00 e8 03 00 00", // attr.nlink=1, attr.uid=1000
        "e8 03 00 00 00 00 00 00", // attr.gid=1000, attr.rdev=0
        "00 00 00 00 00 00 00 00", // attr.blksize=0, attr.flags=0
    };

    private SessionTest() {
    }

    /** A filesystem implementing nothing: every operation takes its default. */
    static final class EmptyFs implements FileSystem {
    }
}
