package dev.panamafuse.session;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Errno;
import dev.panamafuse.FileLock;
import dev.panamafuse.FileSystem;
import dev.panamafuse.Request;
import dev.panamafuse.mount.ConnectionInfo;
import dev.panamafuse.protocol.InitFlags;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.FakeChannel;
import dev.panamafuse.testing.Frames;
import dev.panamafuse.testing.LogCapture;
import dev.panamafuse.testing.ReplyView;
import dev.panamafuse.testing.SessionHarness;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Drives a whole {@link Session} over a {@link dev.panamafuse.testing.FakeChannel}, without a
 * kernel: INIT at several protocol minors: golden replies, capabilities, refusals.
 */
@DisplayName("Session over a fake channel: INIT")
class SessionInitTest extends SessionHarness {
    @Test
    @DisplayName("7.28: 16-byte fuse_init_in; golden init_out without flags2")
    void golden728() throws Exception {
        start(new EmptyFs(), options().build());
        byte[] init = hex(
                "38 00 00 00 1a 00 00 00", // len=56, opcode=INIT (26)
                "01 00 00 00 00 00 00 00", // unique=1
                "00 00 00 00 00 00 00 00", // nodeid=0
                "00 00 00 00 00 00 00 00", // uid=0, gid=0
                "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
                "07 00 00 00 1c 00 00 00", // fuse_init_in: major=7, minor=28
                "00 00 02 00 fb ff ff 00"  // max_readahead=131072, flags=0x00fffffb
        );
        assertBytes(init, Frames.init(1, 7, 28, READAHEAD, K28));
        ReplyView r = call(init);
        assertBytes(hex(
                "50 00 00 00 00 00 00 00", // len=80, error=0
                "01 00 00 00 00 00 00 00", // unique=1
                "07 00 00 00 2d 00 00 00", // fuse_init_out: major=7, minor=45
                "00 00 02 00 21 98 44 00", // max_readahead=131072 (the kernel's), flags=ASYNC_READ|BIG_WRITES|
                                           //   HAS_IOCTL_DIR|AUTO_INVAL_DATA|ASYNC_DIO|PARALLEL_DIROPS|MAX_PAGES
                "00 00 00 00 00 00 10 00", // max_background=0, congestion_threshold=0, max_write=1048576
                "01 00 00 00 00 01 00 00", // time_gran=1, max_pages=256, map_alignment=0
                "00 00 00 00 00 00 00 00", // flags2=0 (no INIT_EXT), max_stack_depth=0
                "00 00 00 00 00 00 00 00", // request_timeout=0, unused
                "00 00 00 00 00 00 00 00", // unused
                "00 00 00 00 00 00 00 00"  // unused
        ), r.bytes());
        assertEquals(1, r.iovecs());
        ConnectionInfo c = session.awaitInit(T);
        assertEquals(new ConnectionInfo(7, 28, K28, WANTED & K28, 1 << 20, READAHEAD, 256, 1, NoBackingFiles.NOT_AGREED), c);
        assertSame(c, session.connection());
    }

    @Test
    @DisplayName("7.45: 64-byte fuse_init_in with INIT_EXT and flags2; golden init_out")
    void golden745() throws Exception {
        start(new EmptyFs(), options().build());
        byte[] init = hex(
                "68 00 00 00 1a 00 00 00", // len=104, opcode=INIT (26)
                "01 00 00 00 00 00 00 00", // unique=1
                "00 00 00 00 00 00 00 00", // nodeid=0
                "00 00 00 00 00 00 00 00", // uid=0, gid=0
                "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
                "07 00 00 00 2d 00 00 00", // fuse_init_in: major=7, minor=45
                "00 00 02 00 fb ff ff 7f", // max_readahead=131072, flags=0x7ffffffb (with INIT_EXT)
                "ff 07 00 00 00 00 00 00", // flags2=0x7ff (SECURITY_CTX .. REQUEST_TIMEOUT), unused
                "00 00 00 00 00 00 00 00", // unused
                "00 00 00 00 00 00 00 00", // unused
                "00 00 00 00 00 00 00 00", // unused
                "00 00 00 00 00 00 00 00", // unused
                "00 00 00 00 00 00 00 00"  // unused
        );
        assertBytes(init, Frames.initExt(1, 7, 45, READAHEAD, K45));
        ReplyView r = call(init);
        assertBytes(hex(
                "50 00 00 00 00 00 00 00", // len=80, error=0
                "01 00 00 00 00 00 00 00", // unique=1
                "07 00 00 00 2d 00 00 00", // fuse_init_out: major=7, minor=45
                "00 00 02 00 21 98 44 60", // max_readahead=131072, flags=(as for 7.28)|SETXATTR_EXT|INIT_EXT
                "00 00 00 00 00 00 10 00", // max_background=0, congestion_threshold=0, max_write=1048576
                "01 00 00 00 00 01 00 00", // time_gran=1, max_pages=256, map_alignment=0
                "00 00 00 00 00 00 00 00", // flags2=0 (no high capability wanted), max_stack_depth=0
                "00 00 00 00 00 00 00 00", // request_timeout=0, unused
                "00 00 00 00 00 00 00 00", // unused
                "00 00 00 00 00 00 00 00"  // unused
        ), r.bytes());
        ConnectionInfo c = session.awaitInit(T);
        assertEquals(new ConnectionInfo(7, 45, K45, WANTED, 1 << 20, READAHEAD, 256, 1, NoBackingFiles.NOT_AGREED), c);
        assertFalse(c.isEnabled(InitFlags.FUSE_PASSTHROUGH));
        assertFalse(c.isEnabled(InitFlags.FUSE_OVER_IO_URING));
        assertTrue(c.isEnabled(InitFlags.FUSE_MAX_PAGES));
    }

    @ParameterizedTest(name = "7.{0}")
    @CsvSource({
        "28, 0x00fffffb, false, 28",
        "31, 0x07fffffb, false, 31",
        "36, 0x37fffffffb, true, 36",
        "40, 0xff7fffffffb, true, 40",
        "45, 0x7ff7fffffffb, true, 45",
        "46, 0x7ff7fffffffb, true, 45",
    })
    @DisplayName("each minor: reply says 7.45, ConnectionInfo.minor = min(kernel, 45), flags = wanted ∩ offered")
    void minors(int minor, String offeredHex, boolean ext, int expectedMinor) throws Exception {
        long offered = Long.decode(offeredHex);
        start(new EmptyFs(), options().build());
        ReplyView r = call(ext ? Frames.initExt(1, 7, minor, READAHEAD, offered)
                : Frames.init(1, 7, minor, READAHEAD, offered));
        assertEquals(0, r.error(), r::toString);
        assertEquals(80, r.len());
        int o = 16;
        assertEquals(7, r.u32(o));
        assertEquals(45, r.u32(o + 4));
        assertEquals(READAHEAD, r.u32(o + 8));
        assertEquals((int) (WANTED & offered), r.u32(o + 12));
        assertEquals(1 << 20, r.u32(o + 20), "max_write");
        assertEquals(1, r.u32(o + 24), "time_gran");
        assertEquals(256, r.u16(o + 28), "max_pages");
        assertEquals(0, r.u32(o + 32), "flags2");
        ConnectionInfo c = session.awaitInit(T);
        assertEquals(7, c.major());
        assertEquals(expectedMinor, c.minor());
        assertEquals(offered, c.kernelFlags(), "flags2 is read only with INIT_EXT, into the high half");
        assertEquals(WANTED & offered, c.flags());
        assertEquals(ext, c.isEnabled(InitFlags.FUSE_INIT_EXT));
        assertEquals(1 << 20, c.maxWrite());
        assertEquals(256, c.maxPages());
    }

    @Test
    @DisplayName("flags2 is ignored when the kernel does not set INIT_EXT")
    void flags2WithoutInitExt() throws Exception {
        start(new EmptyFs(), options().build());
        long offered = (K45 & ~InitFlags.FUSE_INIT_EXT);
        call(Frames.initExt(1, 7, 45, READAHEAD, offered));
        ConnectionInfo c = session.awaitInit(T);
        assertEquals(offered & 0xffff_ffffL, c.kernelFlags());
        assertFalse(c.isEnabled(InitFlags.FUSE_INIT_EXT));
    }

    @Test
    @DisplayName("max_write, max_readahead, max_background and congestion_threshold come from the options")
    void fromOptions() throws Exception {
        start(new EmptyFs(), options().maxWrite(128 << 10).maxReadahead(64 << 10).maxBackground(12)
                .congestionThreshold(9).build());
        ReplyView r = call(Frames.initExt(1, 7, 45, READAHEAD, K45));
        assertBytes(hex(
                "07 00 00 00 2d 00 00 00", // major=7, minor=45
                "00 00 01 00 21 98 44 60", // max_readahead=65536 (below the kernel's), flags
                "0c 00 09 00 00 00 02 00", // max_background=12, congestion_threshold=9, max_write=131072
                "01 00 00 00 20 00 00 00"  // time_gran=1, max_pages=32, map_alignment=0
        ), java.util.Arrays.copyOfRange(r.bytes(), 16, 48));
        ConnectionInfo c = session.awaitInit(T);
        assertEquals(128 << 10, c.maxWrite());
        assertEquals(64 << 10, c.maxReadahead());
        assertEquals(32, c.maxPages());
    }

    @Test
    @DisplayName("a larger max_readahead option does not exceed the kernel's")
    void readaheadCapped() throws Exception {
        start(new EmptyFs(), options().maxReadahead(1 << 20).build());
        ReplyView r = call(Frames.initExt(1, 7, 45, READAHEAD, K45));
        assertEquals(READAHEAD, r.u32(16 + 8));
    }

    @Test
    @DisplayName("without MAX_PAGES from the kernel, max_write is limited to 32 pages")
    void noMaxPages() throws Exception {
        start(new EmptyFs(), options().build());
        call(Frames.init(1, 7, 28, READAHEAD, K28 & ~InitFlags.FUSE_MAX_PAGES));
        ConnectionInfo c = session.awaitInit(T);
        assertEquals(32 * 4096, c.maxWrite());
        assertFalse(c.isEnabled(InitFlags.FUSE_MAX_PAGES));
    }

    @Test
    @DisplayName("a filesystem with locks and readdirplus asks for POSIX_LOCKS, FLOCK_LOCKS and READDIRPLUS(_AUTO)")
    void capabilitiesFromImplementation() throws Exception {
        FileSystem fs = new FileSystem() {
            @Override
            public FileLock getlk(Request req, long nodeid, long fh, long owner, FileLock lock) {
                return lock;
            }

            @Override
            public void setlk(Request req, long nodeid, long fh, long owner, FileLock lock, boolean sleep) {
            }

            @Override
            public void flock(Request req, long nodeid, long fh, long owner, int operation) {
            }

            @Override
            public void readdirplus(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
            }
        };
        ConnectionInfo c = mount(fs);
        long extra = InitFlags.FUSE_POSIX_LOCKS | InitFlags.FUSE_FLOCK_LOCKS | InitFlags.FUSE_DO_READDIRPLUS
                | InitFlags.FUSE_READDIRPLUS_AUTO;
        assertEquals(WANTED | extra, c.flags());
    }

    @Test
    @DisplayName("FileSystem.init receives what awaitInit returns")
    void initCallback() throws Exception {
        AtomicReference<ConnectionInfo> seen = new AtomicReference<>();
        ConnectionInfo c = mount(new FileSystem() {
            @Override
            public void init(ConnectionInfo connection) {
                seen.set(connection);
            }
        });
        assertEquals(c, seen.get());
    }

    @Test
    @DisplayName("kernel major 8: answer major 7 only and wait for the next INIT")
    void futureMajor() throws Exception {
        start(new EmptyFs(), options().build());
        ReplyView r = call(Frames.initExt(1, 8, 0, READAHEAD, K45));
        assertBytes(hex(
                "50 00 00 00 00 00 00 00", // len=80, error=0
                "01 00 00 00 00 00 00 00", // unique=1
                "07 00 00 00 2d 00 00 00", // fuse_init_out: major=7, minor=45
                "00 00 00 00 00 00 00 00", // nothing else negotiated
                "00 00 00 00 00 00 00 00",
                "00 00 00 00 00 00 00 00",
                "00 00 00 00 00 00 00 00",
                "00 00 00 00 00 00 00 00",
                "00 00 00 00 00 00 00 00",
                "00 00 00 00 00 00 00 00"
        ), r.bytes());
        // frames are read one after the other: a request after that INIT still meets "no INIT yet"
        assertError(call(req(Opcode.GETATTR, 2, 1).zeros(16).build()), 2, Errno.EIO);
        assertNull(session.connection());
        ReplyView second = call(Frames.initExt(3, 7, 45, READAHEAD, K45));
        assertEquals(0, second.error());
        assertEquals(3, second.unique());
        assertEquals(45, session.awaitInit(T).minor());
    }

    @Test
    @DisplayName("kernel 7.27 is refused with EPROTO and awaitInit says why")
    void tooOld() throws Exception {
        try (LogCapture log = LogCapture.of(Session.class)) {
            start(new EmptyFs(), options().build());
            assertError(call(Frames.init(1, 7, 27, READAHEAD, K28)), 1, Errno.EPROTO);
            IOException e = assertThrows(IOException.class, () -> session.awaitInit(T));
            assertTrue(e.getMessage().contains("7.27"), e.getMessage());
            assertNull(session.connection());
            assertTrue(log.warned("7.27"), log.warnings()::toString);
        }
    }

    @Test
    @DisplayName("kernel major 6 is refused with EPROTO")
    void oldMajor() throws Exception {
        try (LogCapture log = LogCapture.of(Session.class)) {
            start(new EmptyFs(), options().build());
            assertError(call(Frames.init(1, 6, 40, READAHEAD, K28)), 1, Errno.EPROTO);
            IOException e = assertThrows(IOException.class, () -> session.awaitInit(T));
            assertTrue(e.getMessage().contains("6.40"), e.getMessage());
        }
    }

    @Test
    @DisplayName("a request before INIT is answered EIO")
    void beforeInit() {
        start(new EmptyFs(), options().build());
        assertError(call(req(Opcode.LOOKUP, 5, 1).name("x").build()), 5, Errno.EIO);
        assertNull(session.connection());
    }
}
