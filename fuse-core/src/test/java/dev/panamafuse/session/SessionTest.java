package dev.panamafuse.session;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Attr;
import dev.panamafuse.CreatedFile;
import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileLock;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.SetAttr;
import dev.panamafuse.StatFs;
import dev.panamafuse.mount.ConnectionInfo;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.mount.ThreadingPolicy;
import dev.panamafuse.protocol.InitFlags;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.FakeChannel;
import dev.panamafuse.testing.Frames;
import dev.panamafuse.testing.LogCapture;
import dev.panamafuse.testing.ReplyView;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Drives a whole {@link Session} over a {@link FakeChannel}, without a kernel: INIT at several
 * protocol minors, errors, FORGET, INTERRUPT, backpressure, shutdown, and golden replies for the
 * operations a small read-only-plus-create filesystem uses. Every wait is bounded by {@link #T};
 * "nothing happens" is watched for {@link #QUIET}.
 */
@DisplayName("Session over a fake channel")
class SessionTest {
    /** Bound for anything that should happen. */
    static final Duration T = Duration.ofSeconds(5);
    /** How long to watch for something that should not happen. */
    static final Duration QUIET = Duration.ofMillis(150);

    /** Capabilities a 7.28 kernel (Linux 4.20) offers: bits 0..23 (MAX_PAGES, CACHE_SYMLINKS new), without FILE_OPS. */
    static final long K28 = 0x00ff_fffbL;
    /** 7.31 adds NO_OPENDIR_SUPPORT, EXPLICIT_INVAL_DATA, MAP_ALIGNMENT. */
    static final long K31 = 0x07ff_fffbL;
    /** 7.36 adds SUBMOUNTS .. INIT_EXT, and SECURITY_CTX, HAS_INODE_DAX in flags2. */
    static final long K36 = 0x3_7fff_fffbL;
    /** 7.40 adds CREATE_SUPP_GROUP .. HAS_RESEND in flags2. */
    static final long K40 = 0xff_7fff_fffbL;
    /** 7.45 adds ALLOW_IDMAP, OVER_IO_URING, REQUEST_TIMEOUT in flags2. */
    static final long K45 = 0x7ff_7fff_fffbL;
    /** What the session asks for on behalf of a filesystem without locks or readdirplus. */
    static final long WANTED = InitFlags.FUSE_ASYNC_READ | InitFlags.FUSE_BIG_WRITES | InitFlags.FUSE_HAS_IOCTL_DIR
            | InitFlags.FUSE_AUTO_INVAL_DATA | InitFlags.FUSE_ASYNC_DIO | InitFlags.FUSE_PARALLEL_DIROPS
            | InitFlags.FUSE_MAX_PAGES | InitFlags.FUSE_INIT_EXT
            | InitFlags.FUSE_SETXATTR_EXT;
    static final int READAHEAD = 128 << 10;

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

    private FakeChannel channel;
    private Session session;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (session != null) {
            session.stop();
            channel.close();
            assertTrue(session.awaitEnd(Duration.ofSeconds(10)), "the session should end after close");
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    private static MountOptions.Builder options() {
        return MountOptions.builder().unmountGrace(Duration.ofSeconds(2));
    }

    private Session start(FileSystem fs, MountOptions options) {
        channel = new FakeChannel();
        session = new Session(fs, channel, options);
        session.start();
        return session;
    }

    /** Starts a session and completes INIT as a 7.45 kernel. */
    private ConnectionInfo mount(FileSystem fs, MountOptions options) throws Exception {
        start(fs, options);
        channel.send(Frames.initExt(1, 7, 45, READAHEAD, K45));
        ReplyView r = channel.reply(T);
        assertEquals(0, r.error(), r::toString);
        return session.awaitInit(T);
    }

    private ConnectionInfo mount(FileSystem fs) throws Exception {
        return mount(fs, options().build());
    }

    /** A request frame from uid 1000, gid 1000, pid 4242. */
    private static Frames.Request req(Opcode op, long unique, long nodeid) {
        return Frames.request(op.code(), unique, nodeid).uid(1000).gid(1000).pid(4242);
    }

    private ReplyView call(byte[] frame) {
        channel.send(frame);
        return channel.reply(T);
    }

    private static void assertError(ReplyView r, long unique, Errno errno) {
        assertEquals(16, r.len(), r::toString);
        assertEquals(-errno.code(), r.error(), () -> "expected -" + errno + ": " + r);
        assertEquals(unique, r.unique(), r::toString);
    }

    private static String[] rows(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(String[]::new);
    }

    private static <T> T poll(BlockingQueue<T> q) throws InterruptedException {
        T v = q.poll(T.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(v, "nothing arrived within " + T);
        return v;
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(T.toMillis(), TimeUnit.MILLISECONDS), what + " did not happen within " + T);
    }

    /** A filesystem implementing nothing: every operation takes its default. */
    static final class EmptyFs implements FileSystem {
    }

    // ------------------------------------------------------------------------------------ INIT

    @Nested
    @DisplayName("INIT")
    class Init {
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
            assertEquals(new ConnectionInfo(7, 28, K28, WANTED & K28, 1 << 20, READAHEAD, 256, 1), c);
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
            assertEquals(new ConnectionInfo(7, 45, K45, WANTED, 1 << 20, READAHEAD, 256, 1), c);
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

    // ------------------------------------------------------------------------------------ errors

    @Nested
    @DisplayName("errors")
    class Errors {
        @Test
        @DisplayName("a default method answers ENOSYS: SYMLINK on an empty filesystem")
        void symlinkEnosys() throws Exception {
            mount(new EmptyFs());
            assertError(call(req(Opcode.SYMLINK, 7, 1).name("lnk").name("/target").build()), 7, Errno.ENOSYS);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = Opcode.class, names = {"LOOKUP", "GETATTR", "SETATTR", "READLINK", "MKNOD", "MKDIR",
            "UNLINK", "RMDIR", "RENAME", "LINK", "OPEN", "READ", "WRITE", "SETXATTR", "GETXATTR", "LISTXATTR",
            "REMOVEXATTR", "ACCESS", "CREATE", "READDIR", "BMAP", "FALLOCATE", "LSEEK", "POLL"})
        @DisplayName("every other unimplemented operation answers ENOSYS")
        void defaultsEnosys(Opcode op) throws Exception {
            mount(new EmptyFs());
            // enough zeroed argument bytes for any fixed struct, then two names
            byte[] f = req(op, 8, 2).zeros(128).name("a").name("b").build();
            assertError(call(f), 8, Errno.ENOSYS);
        }

        @Test
        @DisplayName("defaults that succeed: OPENDIR gives handle 0, FLUSH/RELEASE/FSYNC answer empty, STATFS gives StatFs.EMPTY")
        void defaultsThatSucceed() throws Exception {
            mount(new EmptyFs());
            assertBytes(hex(
                    "20 00 00 00 00 00 00 00", // len=32, error=0
                    "09 00 00 00 00 00 00 00", // unique=9
                    "00 00 00 00 00 00 00 00", // fuse_open_out: fh=0
                    "00 00 00 00 00 00 00 00"  // open_flags=0, backing_id=0
            ), call(req(Opcode.OPENDIR, 9, 1).u32(0x10000).u32(0).build()).bytes());
            for (Opcode op : List.of(Opcode.FLUSH, Opcode.RELEASE, Opcode.RELEASEDIR, Opcode.FSYNC, Opcode.FSYNCDIR)) {
                ReplyView r = call(req(op, 10, 2).zeros(24).build());
                assertEquals(0, r.error(), op + ": " + r);
                assertEquals(16, r.len(), op + ": " + r);
            }
            ReplyView st = call(req(Opcode.STATFS, 11, 1).build());
            assertEquals(96, st.len());
            assertEquals(512, st.u32(16 + 40), "bsize");
            assertEquals(255, st.u32(16 + 44), "namelen");
        }

        @Test
        @DisplayName("FuseException(EACCES) from a handler is answered -13")
        void fuseException() throws Exception {
            mount(new FileSystem() {
                @Override
                public Entry lookup(Request req, long parent, String name) {
                    throw new FuseException(Errno.EACCES);
                }
            });
            ReplyView r = call(req(Opcode.LOOKUP, 12, 1).name("secret").build());
            assertBytes(hex(
                    "10 00 00 00 f3 ff ff ff", // len=16, error=-13 (EACCES)
                    "0c 00 00 00 00 00 00 00"  // unique=12
            ), r.bytes());
        }

        @Test
        @DisplayName("any other exception is EIO, logged with opcode and unique, and the session answers the next request")
        void runtimeException() throws Exception {
            try (LogCapture log = LogCapture.of(Session.class)) {
                mount(new FileSystem() {
                    @Override
                    public Entry lookup(Request req, long parent, String name) {
                        if (name.equals("boom")) {
                            throw new IllegalStateException("boom");
                        }
                        return Entry.of(HELLO);
                    }
                });
                assertError(call(req(Opcode.LOOKUP, 13, 1).name("boom").build()), 13, Errno.EIO);
                ReplyView next = call(req(Opcode.LOOKUP, 14, 1).name("hello").build());
                assertEquals(0, next.error());
                assertEquals(14, next.unique());
                assertTrue(log.warned("LOOKUP unique 13"), log.warnings()::toString);
            }
        }

        @Test
        @DisplayName("an Error from a handler is EIO too")
        void error() throws Exception {
            try (LogCapture log = LogCapture.of(Session.class)) {
                mount(new FileSystem() {
                    @Override
                    public Attr getattr(Request req, long nodeid, long fh) {
                        throw new StackOverflowError();
                    }
                });
                assertError(call(req(Opcode.GETATTR, 15, 1).zeros(16).build()), 15, Errno.EIO);
            }
        }

        @Test
        @DisplayName("a handler returning null where a record is required is EIO")
        void nullResult() throws Exception {
            mount(new FileSystem() {
                @Override
                public Attr getattr(Request req, long nodeid, long fh) {
                    return null;
                }
            });
            assertError(call(req(Opcode.GETATTR, 16, 1).zeros(16).build()), 16, Errno.EIO);
        }

        @ParameterizedTest(name = "opcode {0}")
        @CsvSource({"99", "7", "19", "54", "4096", "-1"})
        @DisplayName("an unknown opcode is ENOSYS")
        void unknownOpcode(int opcode) throws Exception {
            mount(new EmptyFs());
            assertError(call(Frames.request(opcode, 17, 1).zeros(8).build()), 17, Errno.ENOSYS);
            assertEquals(0, call(req(Opcode.STATFS, 18, 1).build()).error(), "still serving");
        }

        @Test
        @DisplayName("a frame whose len disagrees with the bytes read is EIO, and the session goes on")
        void lenMismatch() throws Exception {
            try (LogCapture log = LogCapture.of(Session.class)) {
                mount(new EmptyFs());
                assertError(call(req(Opcode.GETATTR, 19, 1).len(100).zeros(16).build()), 19, Errno.EIO);
                assertEquals(0, call(req(Opcode.STATFS, 20, 1).build()).error());
                assertTrue(log.warned("unique 19"), log.warnings()::toString);
            }
        }

        @Test
        @DisplayName("garbage shorter than a unique gets no reply, and the session goes on")
        void garbage() throws Exception {
            try (LogCapture log = LogCapture.of(Session.class)) {
                mount(new EmptyFs());
                channel.send(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
                ReplyView next = call(req(Opcode.STATFS, 21, 1).build());
                assertEquals(21, next.unique(), "the garbage was not answered: " + next);
                channel.assertNoReply(QUIET);
            }
        }

        @Test
        @DisplayName("a header-sized but short frame is EIO with its unique")
        void shortFrame() throws Exception {
            try (LogCapture log = LogCapture.of(Session.class)) {
                mount(new EmptyFs());
                byte[] f = java.util.Arrays.copyOf(req(Opcode.STATFS, 22, 1).build(), 24);
                assertError(call(f), 22, Errno.EIO);
            }
        }

        @Test
        @DisplayName("arguments cut short or a name without NUL are EIO")
        void shortArguments() throws Exception {
            try (LogCapture log = LogCapture.of(Session.class)) {
                mount(new FileSystem() {
                    @Override
                    public Entry lookup(Request req, long parent, String name) {
                        return Entry.of(HELLO);
                    }

                    @Override
                    public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
                        return 0;
                    }
                });
                assertError(call(req(Opcode.READ, 23, 2).zeros(8).build()), 23, Errno.EIO);
                assertError(call(req(Opcode.LOOKUP, 24, 1).put("abc".getBytes(StandardCharsets.US_ASCII)).build()),
                        24, Errno.EIO);
                assertEquals(0, call(req(Opcode.LOOKUP, 25, 1).name("abc").build()).error());
            }
        }
    }

    // ------------------------------------------------------------------------------------ FORGET

    @Nested
    @DisplayName("FORGET")
    class Forget {
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

    // ------------------------------------------------------------------------------------ INTERRUPT

    @Nested
    @DisplayName("INTERRUPT")
    class Interrupt {
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

    // ------------------------------------------------------------------------------------ backpressure

    @Nested
    @DisplayName("backpressure")
    class Backpressure {
        @Test
        @DisplayName("with max_inflight=2 and both handlers blocked, the third request is not read until one finishes")
        void boundedInFlight() throws Exception {
            Semaphore entered = new Semaphore(0);
            Semaphore gate = new Semaphore(0);
            AtomicInteger entries = new AtomicInteger();
            try {
                mount(new FileSystem() {
                    @Override
                    public Attr getattr(Request req, long nodeid, long fh) {
                        entries.incrementAndGet();
                        entered.release();
                        try {
                            if (!gate.tryAcquire(T.toMillis(), TimeUnit.MILLISECONDS)) {
                                throw new FuseException(Errno.ETIMEDOUT);
                            }
                        } catch (InterruptedException e) {
                            throw new FuseException(Errno.EINTR);
                        }
                        return HELLO;
                    }
                }, options().maxInFlight(2).build());
                int readsAfterInit = channel.framesRead();
                for (long u = 60; u < 63; u++) {
                    channel.send(req(Opcode.GETATTR, u, 2).zeros(16).build());
                }
                assertTrue(entered.tryAcquire(2, T.toMillis(), TimeUnit.MILLISECONDS), "two handlers start");
                channel.assertNoReply(QUIET);
                assertEquals(2, entries.get(), "the third request is not dispatched");
                assertEquals(1, channel.pending(), "the third frame is still in the channel");
                assertEquals(readsAfterInit + 2, channel.framesRead());
                assertEquals(2, session.requestsInFlight());

                gate.release();
                ReplyView first = channel.reply(T);
                assertEquals(0, first.error());
                assertTrue(entered.tryAcquire(1, T.toMillis(), TimeUnit.MILLISECONDS), "the third handler starts");
                assertEquals(0, channel.pending());
                assertEquals(3, entries.get());

                gate.release(2);
                Set<Long> uniques = new HashSet<>(List.of(first.unique(), channel.reply(T).unique(),
                        channel.reply(T).unique()));
                assertEquals(Set.of(60L, 61L, 62L), uniques);
            } finally {
                gate.release(10);
            }
        }
    }

    // ------------------------------------------------------------------------------------ shutdown

    @Nested
    @DisplayName("shutdown")
    class Shutdown {
        @Test
        @DisplayName("stop + close: the in-flight handler finishes within the grace, then destroy() once, then the end")
        void drain() throws Exception {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean handlerDone = new AtomicBoolean();
            AtomicInteger destroys = new AtomicInteger();
            AtomicBoolean doneBeforeDestroy = new AtomicBoolean();
            AtomicInteger endCalls = new AtomicInteger();
            CountDownLatch endListened = new CountDownLatch(1);
            mount(new FileSystem() {
                @Override
                public Attr getattr(Request req, long nodeid, long fh) {
                    entered.countDown();
                    try {
                        release.await(T.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    handlerDone.set(true);
                    return HELLO;
                }

                @Override
                public void destroy() {
                    doneBeforeDestroy.set(handlerDone.get());
                    destroys.incrementAndGet();
                }
            }, options().unmountGrace(T).build());
            session.onEnd(() -> {
                endCalls.incrementAndGet();
                endListened.countDown();
            });
            channel.send(req(Opcode.GETATTR, 70, 2).zeros(16).build());
            await(entered, "handler entry");
            session.stop();
            channel.close();
            assertFalse(session.awaitEnd(QUIET), "the session waits for the handler");
            assertEquals(0, destroys.get());
            assertTrue(session.isRunning());
            release.countDown();
            ReplyView r = channel.reply(T);
            assertEquals(70, r.unique());
            assertEquals(0, r.error());
            assertTrue(session.awaitEnd(T));
            assertFalse(session.isRunning());
            assertEquals(1, destroys.get());
            assertTrue(doneBeforeDestroy.get(), "destroy() runs after the last handler finished");
            await(endListened, "the end listener"); // listeners run just after awaitEnd is released
            assertEquals(1, endCalls.get());
            assertTrue(channel.closeCount() >= 1);
            session.stop();
            assertEquals(1, destroys.get());
            AtomicInteger late = new AtomicInteger();
            session.onEnd(late::incrementAndGet);
            assertEquals(1, late.get(), "a listener added after the end runs at once");
        }

        @Test
        @DisplayName("a handler stuck beyond unmount_grace does not hold the end; a warning is logged")
        void stuckHandler() throws Exception {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger destroys = new AtomicInteger();
            try (LogCapture log = LogCapture.of(Session.class)) {
                mount(new FileSystem() {
                    @Override
                    public Attr getattr(Request req, long nodeid, long fh) {
                        entered.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return HELLO;
                    }

                    @Override
                    public void destroy() {
                        destroys.incrementAndGet();
                    }
                }, options().unmountGrace(Duration.ofMillis(200)).dispatch(ThreadingPolicy.VIRTUAL).build());
                channel.send(req(Opcode.GETATTR, 71, 2).zeros(16).build());
                await(entered, "handler entry");
                session.stop();
                channel.close();
                assertTrue(session.awaitEnd(T), "the session ends after the grace period");
                assertEquals(1, destroys.get());
                assertTrue(log.warned("still running"), log.warnings()::toString);
            } finally {
                release.countDown();
            }
        }

        @Test
        @DisplayName("closing the channel without stop() ends the session too (an external unmount)")
        void externalUnmount() throws Exception {
            AtomicInteger destroys = new AtomicInteger();
            mount(new FileSystem() {
                @Override
                public void destroy() {
                    destroys.incrementAndGet();
                }
            });
            channel.close();
            assertTrue(session.awaitEnd(T));
            assertEquals(1, destroys.get());
        }

        @Test
        @DisplayName("a session ended before INIT does not call destroy() and awaitInit fails")
        void endBeforeInit() throws Exception {
            AtomicInteger destroys = new AtomicInteger();
            start(new FileSystem() {
                @Override
                public void destroy() {
                    destroys.incrementAndGet();
                }
            }, options().build());
            channel.close();
            assertTrue(session.awaitEnd(T));
            assertThrows(IOException.class, () -> session.awaitInit(T));
            assertEquals(0, destroys.get());
        }

        @Test
        @DisplayName("FUSE_DESTROY calls destroy() once and is answered; the end does not call it again")
        void destroyRequest() throws Exception {
            AtomicInteger destroys = new AtomicInteger();
            mount(new FileSystem() {
                @Override
                public void destroy() {
                    destroys.incrementAndGet();
                }
            });
            ReplyView r = call(req(Opcode.DESTROY, 72, 0).build());
            assertEquals(0, r.error());
            assertEquals(16, r.len());
            assertEquals(1, destroys.get());
            session.stop();
            channel.close();
            assertTrue(session.awaitEnd(T));
            assertEquals(1, destroys.get());
        }

        @Test
        @DisplayName("start() twice is refused")
        void startTwice() {
            start(new EmptyFs(), options().build());
            assertThrows(IllegalStateException.class, session::start);
        }
    }

    // ------------------------------------------------------------------------------------ operations

    /** A hello-world filesystem: "/" holds "hello" (14 bytes); files can be created; xattrs on "hello". */
    static final class HelloFs implements FileSystem {
        final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        final AtomicReference<SetAttr> setattr = new AtomicReference<>();
        final AtomicReference<byte[]> written = new AtomicReference<>();

        @Override
        public Entry lookup(Request req, long parent, String name) {
            calls.add("lookup " + parent + " " + name + " unique=" + req.unique() + " op=" + req.operation()
                    + " node=" + req.nodeid() + " uid=" + req.uid() + " gid=" + req.gid() + " pid=" + req.pid());
            if (parent == ROOT && name.equals("hello")) {
                return Entry.of(HELLO);
            }
            throw new FuseException(Errno.ENOENT);
        }

        @Override
        public Attr getattr(Request req, long nodeid, long fh) {
            calls.add("getattr " + nodeid + " fh=" + fh);
            if (nodeid == ROOT) {
                return SessionTest.ROOT;
            }
            if (nodeid == 2) {
                return HELLO;
            }
            throw new FuseException(Errno.ENOENT);
        }

        @Override
        public Attr setattr(Request req, long nodeid, SetAttr changes) {
            setattr.set(changes);
            return new Attr(2, Mode.S_IFREG | (changes.mode() & 07777), 1, 1000, 1000, 0, changes.size(), 3, 0,
                    TIME, changes.mtime() != null ? changes.mtime() : TIME, TIME, 0);
        }

        @Override
        public OpenFile open(Request req, long nodeid, int flags) {
            calls.add("open " + nodeid + " flags=0x" + Integer.toHexString(flags));
            if (nodeid != 2) {
                throw new FuseException(Errno.EISDIR);
            }
            return OpenFile.of(0x10, OpenFile.KEEP_CACHE);
        }

        @Override
        public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
            calls.add("read " + nodeid + " fh=" + fh + " off=" + offset + " size=" + dest.byteSize());
            int n = (int) Math.max(0, Math.min(dest.byteSize(), CONTENT.length - offset));
            MemorySegment.copy(CONTENT, (int) offset, dest, ValueLayout.JAVA_BYTE, 0, n);
            return n;
        }

        @Override
        public int write(Request req, long nodeid, long fh, long offset, MemorySegment data, int writeFlags) {
            calls.add("write " + nodeid + " fh=" + fh + " off=" + offset + " flags=" + writeFlags + " readOnly="
                    + data.isReadOnly());
            written.set(data.toArray(ValueLayout.JAVA_BYTE));
            return (int) data.byteSize();
        }

        @Override
        public void release(Request req, long nodeid, long fh, int flags) {
            calls.add("release " + nodeid + " fh=" + fh + " flags=0x" + Integer.toHexString(flags));
        }

        @Override
        public void readdir(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
            calls.add("readdir " + nodeid + " fh=" + fh + " off=" + offset);
            String[] names = {".", "..", "hello"};
            long[] inos = {1, 1, 2};
            int[] modes = {SessionTest.ROOT.mode(), SessionTest.ROOT.mode(), HELLO.mode()};
            for (int i = (int) offset; i < names.length; i++) {
                if (!filler.add(names[i], inos[i], modes[i], i + 1)) {
                    return;
                }
            }
        }

        @Override
        public StatFs statfs(Request req, long nodeid) {
            return new StatFs(1000, 800, 700, 50, 40, 4096, 255, 4096);
        }

        @Override
        public CreatedFile create(Request req, long parent, String name, int mode, int umask, int flags) {
            calls.add("create " + parent + " " + name + " mode=0" + Integer.toOctalString(mode) + " umask=0"
                    + Integer.toOctalString(umask) + " flags=0x" + Integer.toHexString(flags));
            Attr a = Attr.of(3, mode & ~umask, 1, req.uid(), req.gid(), 0, TIME);
            return new CreatedFile(new Entry(3, 7, a, null, null), OpenFile.of(0x20, OpenFile.DIRECT_IO));
        }

        @Override
        public void rename(Request req, long parent, String name, long newParent, String newName, int flags) {
            calls.add("rename " + parent + " " + name + " -> " + newParent + " " + newName + " flags=" + flags);
        }

        @Override
        public byte[] getxattr(Request req, long nodeid, String name) {
            if (name.equals("user.greeting")) {
                return "hi there".getBytes(StandardCharsets.US_ASCII);
            }
            throw new FuseException(Errno.ENODATA);
        }

        @Override
        public List<String> listxattr(Request req, long nodeid) {
            return List.of("user.greeting", "user.x");
        }
    }

    @Nested
    @DisplayName("operations of a hello filesystem (golden replies)")
    class Operations {
        private final HelloFs fs = new HelloFs();

        private void mountHello() throws Exception {
            mount(fs, options().entryTimeout(Duration.ofMillis(1500)).attrTimeout(Duration.ofSeconds(2)).build());
        }

        @Test
        @DisplayName("LOOKUP: fuse_entry_out with the mount's timeouts; the handler sees the request context")
        void lookup() throws Exception {
            mountHello();
            ReplyView r = call(req(Opcode.LOOKUP, 0x10, 1).name("hello").build());
            assertBytes(hex(rows(new String[] {
                "90 00 00 00 00 00 00 00", // len=144, error=0
                "10 00 00 00 00 00 00 00", // unique=16
                "02 00 00 00 00 00 00 00", // fuse_entry_out: nodeid=2
                "00 00 00 00 00 00 00 00", // generation=0
                "01 00 00 00 00 00 00 00", // entry_valid=1 (of 1.5 s)
                "02 00 00 00 00 00 00 00", // attr_valid=2
                "00 65 cd 1d 00 00 00 00", // entry_valid_nsec=500000000, attr_valid_nsec=0
            }, HELLO_ATTR_ROWS)), r.bytes());
            assertEquals("lookup 1 hello unique=16 op=LOOKUP node=1 uid=1000 gid=1000 pid=4242", poll(fs.calls));
        }

        @Test
        @DisplayName("LOOKUP of a missing name: ENOENT, or a cacheable negative entry with negative_timeout")
        void lookupMissing() throws Exception {
            mountHello();
            assertError(call(req(Opcode.LOOKUP, 0x11, 1).name("nope").build()), 0x11, Errno.ENOENT);
        }

        @Test
        @DisplayName("LOOKUP of a missing name with negative_timeout=5: entry_out with nodeid 0")
        void negativeEntry() throws Exception {
            mount(fs, options().negativeTimeout(Duration.ofSeconds(5)).build());
            ReplyView r = call(req(Opcode.LOOKUP, 0x12, 1).name("nope").build());
            String[] zeros = new String[11];
            java.util.Arrays.fill(zeros, "00 00 00 00 00 00 00 00"); // fuse_attr all zero
            assertBytes(hex(rows(new String[] {
                "90 00 00 00 00 00 00 00", // len=144, error=0
                "12 00 00 00 00 00 00 00", // unique=18
                "00 00 00 00 00 00 00 00", // fuse_entry_out: nodeid=0 (negative entry)
                "00 00 00 00 00 00 00 00", // generation=0
                "05 00 00 00 00 00 00 00", // entry_valid=5 (negative_timeout)
                "00 00 00 00 00 00 00 00", // attr_valid=0
                "00 00 00 00 00 00 00 00", // entry_valid_nsec=0, attr_valid_nsec=0
            }, zeros)), r.bytes());
        }

        @Test
        @DisplayName("GETATTR without FUSE_GETATTR_FH: fh is NO_FH; fuse_attr_out with attr_timeout")
        void getattr() throws Exception {
            mountHello();
            ReplyView r = call(req(Opcode.GETATTR, 0x11, 2).u32(0).u32(0).u64(99).build());
            assertBytes(hex(rows(new String[] {
                "78 00 00 00 00 00 00 00", // len=120, error=0
                "11 00 00 00 00 00 00 00", // unique=17
                "02 00 00 00 00 00 00 00", // fuse_attr_out: attr_valid=2
                "00 00 00 00 00 00 00 00", // attr_valid_nsec=0, dummy=0
            }, HELLO_ATTR_ROWS)), r.bytes());
            assertEquals("getattr 2 fh=-1", poll(fs.calls));
        }

        @Test
        @DisplayName("GETATTR with FUSE_GETATTR_FH passes the handle")
        void getattrFh() throws Exception {
            mountHello();
            ReplyView r = call(req(Opcode.GETATTR, 0x12, 2).u32(1).u32(0).u64(7).build());
            assertEquals(0, r.error());
            assertEquals(120, r.len());
            assertEquals("getattr 2 fh=7", poll(fs.calls));
        }

        @Test
        @DisplayName("GETATTR of the root with a header-only frame (no fuse_getattr_in)")
        void getattrRootNoArgument() throws Exception {
            mountHello();
            ReplyView r = call(req(Opcode.GETATTR, 0x13, 1).build());
            assertEquals(0, r.error());
            assertEquals(Mode.S_IFDIR | 0755, r.u32(16 + 16 + 60), "attr.mode");
            assertEquals(2, r.u32(16 + 16 + 64), "attr.nlink");
            assertEquals("getattr 1 fh=-1", poll(fs.calls));
        }

        @Test
        @DisplayName("OPEN: fuse_open_out with fh and FOPEN flags")
        void open() throws Exception {
            mountHello();
            ReplyView r = call(req(Opcode.OPEN, 0x12, 2).u32(0x8000).u32(0).build());
            assertBytes(hex(
                    "20 00 00 00 00 00 00 00", // len=32, error=0
                    "12 00 00 00 00 00 00 00", // unique=18
                    "10 00 00 00 00 00 00 00", // fuse_open_out: fh=0x10
                    "02 00 00 00 00 00 00 00"  // open_flags=FOPEN_KEEP_CACHE, backing_id=0
            ), r.bytes());
            assertEquals("open 2 flags=0x8000", poll(fs.calls));
            assertError(call(req(Opcode.OPEN, 0x13, 1).u32(0).u32(0).build()), 0x13, Errno.EISDIR);
        }

        @Test
        @DisplayName("READ: data written in place after the header, one iovec")
        void read() throws Exception {
            mountHello();
            ReplyView r = call(req(Opcode.READ, 0x13, 2).u64(0x10).u64(0).u32(4096).u32(0).u64(0).u32(0x8000)
                    .u32(0).build());
            assertBytes(hex(
                    "1e 00 00 00 00 00 00 00", // len=30, error=0
                    "13 00 00 00 00 00 00 00", // unique=19
                    "48 65 6c 6c 6f 2c 20 77", // "Hello, w"
                    "6f 72 6c 64 21 0a"        // "orld!\n"
            ), r.bytes());
            assertEquals(1, r.iovecs());
            assertEquals("read 2 fh=16 off=0 size=4096", poll(fs.calls));
        }

        @Test
        @DisplayName("READ near the end: a short read; at the end: an empty reply")
        void shortRead() throws Exception {
            mountHello();
            ReplyView r = call(req(Opcode.READ, 0x14, 2).u64(0x10).u64(7).u32(100).zeros(20).build());
            assertBytes(hex(
                    "17 00 00 00 00 00 00 00", // len=23, error=0
                    "14 00 00 00 00 00 00 00", // unique=20
                    "77 6f 72 6c 64 21 0a"     // "world!\n"
            ), r.bytes());
            ReplyView small = call(req(Opcode.READ, 0x15, 2).u64(0x10).u64(0).u32(4).zeros(20).build());
            assertEquals("Hell", new String(small.body(), StandardCharsets.US_ASCII));
            ReplyView eof = call(req(Opcode.READ, 0x16, 2).u64(0x10).u64(14).u32(4096).zeros(20).build());
            assertEquals(16, eof.len());
            assertEquals(0, eof.error());
        }

        @Test
        @DisplayName("READDIR: fuse_dirent records, resumed from an offset, bounded by size")
        void readdir() throws Exception {
            mountHello();
            ReplyView r = call(req(Opcode.READDIR, 0x17, 1).u64(0).u64(0).u32(4096).zeros(20).build());
            assertBytes(hex(
                    "70 00 00 00 00 00 00 00", // len=112, error=0
                    "17 00 00 00 00 00 00 00", // unique=23
                    "01 00 00 00 00 00 00 00", // ino=1
                    "01 00 00 00 00 00 00 00", // off=1
                    "01 00 00 00 04 00 00 00", // namelen=1, type=DT_DIR
                    "2e 00 00 00 00 00 00 00", // name=".", padding
                    "01 00 00 00 00 00 00 00", // ino=1
                    "02 00 00 00 00 00 00 00", // off=2
                    "02 00 00 00 04 00 00 00", // namelen=2, type=DT_DIR
                    "2e 2e 00 00 00 00 00 00", // name="..", padding
                    "02 00 00 00 00 00 00 00", // ino=2
                    "03 00 00 00 00 00 00 00", // off=3
                    "05 00 00 00 08 00 00 00", // namelen=5, type=DT_REG
                    "68 65 6c 6c 6f 00 00 00"  // name="hello", padding
            ), r.bytes());
            ReplyView rest = call(req(Opcode.READDIR, 0x18, 1).u64(0).u64(2).u32(4096).zeros(20).build());
            assertEquals(16 + 32, rest.len());
            assertEquals("hello", new String(rest.body(), 24, 5, StandardCharsets.US_ASCII));
            ReplyView small = call(req(Opcode.READDIR, 0x19, 1).u64(0).u64(0).u32(40).zeros(20).build());
            assertEquals(16 + 32, small.len(), "only \".\" fits in 40 bytes");
            ReplyView end = call(req(Opcode.READDIR, 0x1a, 1).u64(0).u64(3).u32(4096).zeros(20).build());
            assertEquals(16, end.len(), "the end of the directory is an empty reply");
        }

        @Test
        @DisplayName("STATFS: fuse_statfs_out")
        void statfs() throws Exception {
            mountHello();
            ReplyView r = call(req(Opcode.STATFS, 0x1b, 1).build());
            assertBytes(hex(
                    "60 00 00 00 00 00 00 00", // len=96, error=0
                    "1b 00 00 00 00 00 00 00", // unique=27
                    "e8 03 00 00 00 00 00 00", // fuse_kstatfs: blocks=1000
                    "20 03 00 00 00 00 00 00", // bfree=800
                    "bc 02 00 00 00 00 00 00", // bavail=700
                    "32 00 00 00 00 00 00 00", // files=50
                    "28 00 00 00 00 00 00 00", // ffree=40
                    "00 10 00 00 ff 00 00 00", // bsize=4096, namelen=255
                    "00 10 00 00 00 00 00 00", // frsize=4096, padding=0
                    "00 00 00 00 00 00 00 00", // spare
                    "00 00 00 00 00 00 00 00", // spare
                    "00 00 00 00 00 00 00 00"  // spare
            ), r.bytes());
        }

        @Test
        @DisplayName("RELEASE: the handle and open flags reach the handler; an empty reply")
        void release() throws Exception {
            mountHello();
            ReplyView r = call(req(Opcode.RELEASE, 0x1c, 2).u64(0x10).u32(0x8000).u32(0).u64(0).build());
            assertBytes(hex(
                    "10 00 00 00 00 00 00 00", // len=16, error=0
                    "1c 00 00 00 00 00 00 00"  // unique=28
            ), r.bytes());
            assertEquals("release 2 fh=16 flags=0x8000", poll(fs.calls));
        }

        @Test
        @DisplayName("WRITE: a read-only slice with the data; fuse_write_out.size")
        void write() throws Exception {
            mountHello();
            byte[] frame = hex(
                    "56 00 00 00 10 00 00 00", // len=86, opcode=WRITE (16)
                    "1d 00 00 00 00 00 00 00", // unique=29
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "10 00 00 00 00 00 00 00", // fuse_write_in: fh=0x10
                    "64 00 00 00 00 00 00 00", // offset=100
                    "06 00 00 00 02 00 00 00", // size=6, write_flags=FUSE_WRITE_LOCKOWNER
                    "2a 00 00 00 00 00 00 00", // lock_owner=42
                    "01 80 00 00 00 00 00 00", // flags=O_WRONLY|O_LARGEFILE, padding=0
                    "61 62 63 64 65 66"        // data="abcdef"
            );
            ReplyView r = call(frame);
            assertBytes(hex(
                    "18 00 00 00 00 00 00 00", // len=24, error=0
                    "1d 00 00 00 00 00 00 00", // unique=29
                    "06 00 00 00 00 00 00 00"  // fuse_write_out: size=6, padding=0
            ), r.bytes());
            assertEquals("write 2 fh=16 off=100 flags=2 readOnly=true", poll(fs.calls));
            assertEquals("abcdef", new String(fs.written.get(), StandardCharsets.US_ASCII));
        }

        @Test
        @DisplayName("WRITE whose size exceeds the frame is EIO")
        void writeTruncated() throws Exception {
            try (LogCapture log = LogCapture.of(Session.class)) {
                mountHello();
                ReplyView r = call(req(Opcode.WRITE, 0x1e, 2).u64(0x10).u64(0).u32(100).zeros(20).put(new byte[10])
                        .build());
                assertError(r, 0x1e, Errno.EIO);
            }
        }

        @Test
        @DisplayName("CREATE: fuse_entry_out followed by fuse_open_out")
        void create() throws Exception {
            mountHello();
            ReplyView r = call(req(Opcode.CREATE, 0x16, 1).u32(0x8241).u32(0100666).u32(022).u32(0).name("new")
                    .build());
            assertBytes(hex(
                    "a0 00 00 00 00 00 00 00", // len=160, error=0
                    "16 00 00 00 00 00 00 00", // unique=22
                    "03 00 00 00 00 00 00 00", // fuse_entry_out: nodeid=3
                    "07 00 00 00 00 00 00 00", // generation=7
                    "01 00 00 00 00 00 00 00", // entry_valid=1
                    "02 00 00 00 00 00 00 00", // attr_valid=2
                    "00 65 cd 1d 00 00 00 00", // entry_valid_nsec=500000000, attr_valid_nsec=0
                    "03 00 00 00 00 00 00 00", // attr.ino=3
                    "00 00 00 00 00 00 00 00", // attr.size=0
                    "00 00 00 00 00 00 00 00", // attr.blocks=0
                    "00 f1 53 65 00 00 00 00", // attr.atime=1700000000
                    "00 f1 53 65 00 00 00 00", // attr.mtime
                    "00 f1 53 65 00 00 00 00", // attr.ctime
                    "15 cd 5b 07 15 cd 5b 07", // attr.atimensec, attr.mtimensec=123456789
                    "15 cd 5b 07 a4 81 00 00", // attr.ctimensec, attr.mode=0100644 (0666 & ~022)
                    "01 00 00 00 e8 03 00 00", // attr.nlink=1, attr.uid=1000 (the caller's)
                    "e8 03 00 00 00 00 00 00", // attr.gid=1000, attr.rdev=0
                    "00 00 00 00 00 00 00 00", // attr.blksize=0, attr.flags=0
                    "20 00 00 00 00 00 00 00", // fuse_open_out: fh=0x20
                    "01 00 00 00 00 00 00 00"  // open_flags=FOPEN_DIRECT_IO, backing_id=0
            ), r.bytes());
            assertEquals("create 1 new mode=0100666 umask=022 flags=0x8241", poll(fs.calls));
        }

        @Test
        @DisplayName("SETATTR: SetAttr fields decoded, times only when valid")
        void setattr() throws Exception {
            mountHello();
            int valid = SetAttr.FATTR_MODE | SetAttr.FATTR_SIZE | SetAttr.FATTR_MTIME | SetAttr.FATTR_FH;
            byte[] frame = hex(
                    "80 00 00 00 04 00 00 00", // len=128, opcode=SETATTR (4)
                    "17 00 00 00 00 00 00 00", // unique=23
                    "02 00 00 00 00 00 00 00", // nodeid=2
                    "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
                    "92 10 00 00 00 00 00 00", // pid=4242, total_extlen=0, padding=0
                    "69 00 00 00 00 00 00 00", // fuse_setattr_in: valid=MODE|SIZE|MTIME|FH (0x69), padding
                    "10 00 00 00 00 00 00 00", // fh=0x10
                    "d2 04 00 00 00 00 00 00", // size=1234
                    "00 00 00 00 00 00 00 00", // lock_owner=0
                    "6f 00 00 00 00 00 00 00", // atime=111 (not valid)
                    "00 10 5e 5f 00 00 00 00", // mtime=1600000000
                    "4d 01 00 00 00 00 00 00", // ctime=333 (not valid)
                    "05 00 00 00 e7 03 00 00", // atimensec=5, mtimensec=999
                    "06 00 00 00 80 81 00 00", // ctimensec=6, mode=0100600
                    "00 00 00 00 37 00 00 00", // unused4, uid=55 (not valid)
                    "42 00 00 00 00 00 00 00"  // gid=66 (not valid), unused5
            );
            ReplyView r = call(frame);
            assertEquals(0, r.error(), r::toString);
            assertEquals(120, r.len());
            SetAttr s = fs.setattr.get();
            assertEquals(valid, s.valid());
            assertTrue(s.hasMode());
            assertTrue(s.hasSize());
            assertTrue(s.hasMtime());
            assertTrue(s.hasFh());
            assertFalse(s.hasAtime());
            assertFalse(s.hasCtime());
            assertFalse(s.hasUid());
            assertFalse(s.hasGid());
            assertFalse(s.mtimeNow());
            assertFalse(s.hasLockOwner());
            assertEquals(0x10, s.fh());
            assertEquals(1234, s.size());
            assertEquals(0100600, s.mode());
            assertEquals(Instant.ofEpochSecond(1_600_000_000L, 999), s.mtime());
            assertNull(s.atime(), "atime is not decoded unless FATTR_ATIME");
            assertNull(s.ctime(), "ctime is not decoded unless FATTR_CTIME");
            assertEquals(1234, r.u64(16 + 16 + 8), "attr.size of the reply");
            assertEquals(0100600, r.u32(16 + 16 + 60), "attr.mode of the reply");
        }

        @Test
        @DisplayName("SETATTR with ATIME|ATIME_NOW and CTIME: utimensat(UTIME_NOW) and an explicit ctime")
        void setattrNowAndCtime() throws Exception {
            mountHello();
            int valid = SetAttr.FATTR_ATIME | SetAttr.FATTR_ATIME_NOW | SetAttr.FATTR_CTIME;
            byte[] frame = req(Opcode.SETATTR, 0x18, 2).u32(valid).u32(0).u64(0).u64(0).u64(0)
                    .u64(10).u64(20).u64(30).u32(1).u32(2).u32(3).u32(0).u32(0).u32(0).u32(0).u32(0).build();
            assertEquals(0, call(frame).error());
            SetAttr s = fs.setattr.get();
            assertTrue(s.hasAtime());
            assertTrue(s.atimeNow());
            assertTrue(s.hasCtime());
            assertFalse(s.hasMtime());
            assertEquals(Instant.ofEpochSecond(10, 1), s.atime());
            assertEquals(Instant.ofEpochSecond(30, 3), s.ctime());
            assertNull(s.mtime());
        }

        @ParameterizedTest(name = "flags={0}")
        @CsvSource({"0", "1", "2", "4"})
        @DisplayName("RENAME2: both names and the RENAME_* flags reach the handler")
        void rename2(int flags) throws Exception {
            mountHello();
            ReplyView r = call(req(Opcode.RENAME2, 0x19, 1).u64(5).u32(flags).u32(0).name("hello").name("bye")
                    .build());
            assertBytes(hex(
                    "10 00 00 00 00 00 00 00", // len=16, error=0
                    "19 00 00 00 00 00 00 00"  // unique=25
            ), r.bytes());
            assertEquals("rename 1 hello -> 5 bye flags=" + flags, poll(fs.calls));
        }

        @Test
        @DisplayName("RENAME (no flags): fuse_rename_in")
        void rename() throws Exception {
            mountHello();
            assertEquals(0, call(req(Opcode.RENAME, 0x1a, 1).u64(1).name("a").name("b").build()).error());
            assertEquals("rename 1 a -> 1 b flags=0", poll(fs.calls));
        }

        @Test
        @DisplayName("GETXATTR: size 0 probes with fuse_getxattr_out; too small is ERANGE; enough gives the value")
        void getxattr() throws Exception {
            mountHello();
            ReplyView probe = call(req(Opcode.GETXATTR, 0x20, 2).u32(0).u32(0).name("user.greeting").build());
            assertBytes(hex(
                    "18 00 00 00 00 00 00 00", // len=24, error=0
                    "20 00 00 00 00 00 00 00", // unique=32
                    "08 00 00 00 00 00 00 00"  // fuse_getxattr_out: size=8, padding=0
            ), probe.bytes());
            assertError(call(req(Opcode.GETXATTR, 0x21, 2).u32(7).u32(0).name("user.greeting").build()), 0x21,
                    Errno.ERANGE);
            ReplyView value = call(req(Opcode.GETXATTR, 0x22, 2).u32(8).u32(0).name("user.greeting").build());
            assertBytes(hex(
                    "18 00 00 00 00 00 00 00", // len=24, error=0
                    "22 00 00 00 00 00 00 00", // unique=34
                    "68 69 20 74 68 65 72 65"  // value="hi there"
            ), value.bytes());
            ReplyView larger = call(req(Opcode.GETXATTR, 0x23, 2).u32(4096).u32(0).name("user.greeting").build());
            assertEquals(24, larger.len());
            assertError(call(req(Opcode.GETXATTR, 0x24, 2).u32(0).u32(0).name("user.none").build()), 0x24,
                    Errno.ENODATA);
        }

        @Test
        @DisplayName("LISTXATTR: NUL-separated names; size probe and ERANGE")
        void listxattr() throws Exception {
            mountHello();
            ReplyView probe = call(req(Opcode.LISTXATTR, 0x25, 2).u32(0).u32(0).build());
            assertBytes(hex(
                    "18 00 00 00 00 00 00 00", // len=24, error=0
                    "25 00 00 00 00 00 00 00", // unique=37
                    "15 00 00 00 00 00 00 00"  // fuse_getxattr_out: size=21, padding=0
            ), probe.bytes());
            ReplyView list = call(req(Opcode.LISTXATTR, 0x26, 2).u32(100).u32(0).build());
            assertBytes(hex(
                    "25 00 00 00 00 00 00 00", // len=37, error=0
                    "26 00 00 00 00 00 00 00", // unique=38
                    "75 73 65 72 2e 67 72 65", // "user.gre"
                    "65 74 69 6e 67 00 75 73", // "eting\0us"
                    "65 72 2e 78 00"           // "er.x\0"
            ), list.bytes());
            assertError(call(req(Opcode.LISTXATTR, 0x27, 2).u32(20).u32(0).build()), 0x27, Errno.ERANGE);
        }
    }
}
