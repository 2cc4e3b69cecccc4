package dev.panamafuse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.mount.ConnectionInfo;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.InitFlags;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.session.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * Base of the tests that drive a whole {@link Session} over a {@link FakeChannel}, without a
 * kernel: makes the session ({@link #create}, {@link #start}), completes INIT as a 7.45 kernel
 * ({@link #mount}), sends frames and takes replies ({@link #call}), and stops the session after
 * each test, checking that it ends. Every wait is bounded by {@link #T}; "nothing happens" is
 * watched for {@link #QUIET}.
 */
public abstract class SessionHarness {
    /** Bound for anything that should happen. */
    public static final Duration T = Duration.ofSeconds(5);
    /** How long to watch for something that should not happen. */
    public static final Duration QUIET = Duration.ofMillis(150);

    /** Capabilities a 7.28 kernel (Linux 4.20) offers: bits 0..23 (MAX_PAGES, CACHE_SYMLINKS new), without FILE_OPS. */
    public static final long K28 = 0x00ff_fffbL;
    /** 7.31 adds NO_OPENDIR_SUPPORT, EXPLICIT_INVAL_DATA, MAP_ALIGNMENT. */
    public static final long K31 = 0x07ff_fffbL;
    /** 7.36 adds SUBMOUNTS .. INIT_EXT, and SECURITY_CTX, HAS_INODE_DAX in flags2. */
    public static final long K36 = 0x3_7fff_fffbL;
    /** 7.40 adds CREATE_SUPP_GROUP .. HAS_RESEND in flags2. */
    public static final long K40 = 0xff_7fff_fffbL;
    /** 7.45 adds ALLOW_IDMAP, OVER_IO_URING, REQUEST_TIMEOUT in flags2. */
    public static final long K45 = 0x7ff_7fff_fffbL;
    /** What the session asks for on behalf of a filesystem without locks or readdirplus. */
    public static final long WANTED = InitFlags.FUSE_ASYNC_READ | InitFlags.FUSE_BIG_WRITES
            | InitFlags.FUSE_HAS_IOCTL_DIR | InitFlags.FUSE_AUTO_INVAL_DATA | InitFlags.FUSE_ASYNC_DIO
            | InitFlags.FUSE_PARALLEL_DIROPS | InitFlags.FUSE_MAX_PAGES | InitFlags.FUSE_INIT_EXT
            | InitFlags.FUSE_SETXATTR_EXT;
    /** The kernel's {@code max_readahead} in the INIT frames of {@link #mount}. */
    public static final int READAHEAD = 128 << 10;

    /** The fake kernel of the current test, made by {@link #create}. */
    protected FakeChannel channel;
    /** The session of the current test, made by {@link #create}. */
    protected Session session;

    /** Constructor for subclasses. */
    protected SessionHarness() {
    }

    /**
     * Stops the session of the test, if one was made, and checks that it ends.
     *
     * @throws InterruptedException if interrupted
     */
    @AfterEach
    protected void stopSession() throws InterruptedException {
        if (session != null) {
            session.stop();
            channel.close();
            assertTrue(session.awaitEnd(Duration.ofSeconds(10)), "the session should end after close");
        }
    }

    /**
     * Mount options with a short unmount grace, for tests that build on them.
     *
     * @return a builder
     */
    protected static MountOptions.Builder options() {
        return MountOptions.builder().unmountGrace(Duration.ofSeconds(2));
    }

    /**
     * Makes a session for {@code fs} over a new {@link FakeChannel}, not yet started: the test may
     * configure it first.
     *
     * @param fs      the filesystem
     * @param options the mount options
     * @return the session
     */
    protected Session create(FileSystem fs, MountOptions options) {
        channel = new FakeChannel();
        session = new Session(fs, channel, options);
        return session;
    }

    /**
     * Makes and starts a session; INIT is up to the test.
     *
     * @param fs      the filesystem
     * @param options the mount options
     * @return the session
     */
    protected Session start(FileSystem fs, MountOptions options) {
        create(fs, options).start();
        return session;
    }

    /**
     * Starts a session and completes INIT as a 7.45 kernel offering {@code offered}.
     *
     * @param fs      the filesystem
     * @param options the mount options
     * @param offered the kernel's capabilities (flags | flags2 &lt;&lt; 32)
     * @return what was negotiated
     * @throws Exception when INIT fails
     */
    protected ConnectionInfo mount(FileSystem fs, MountOptions options, long offered) throws Exception {
        start(fs, options);
        ReplyView r = call(Frames.initExt(1, 7, 45, READAHEAD, offered));
        assertEquals(0, r.error(), r::toString);
        return session.awaitInit(T);
    }

    /**
     * Starts a session and completes INIT as a 7.45 kernel offering {@link #K45}.
     *
     * @param fs      the filesystem
     * @param options the mount options
     * @return what was negotiated
     * @throws Exception when INIT fails
     */
    protected ConnectionInfo mount(FileSystem fs, MountOptions options) throws Exception {
        return mount(fs, options, K45);
    }

    /**
     * {@link #mount(FileSystem, MountOptions)} with {@link #options()}.
     *
     * @param fs the filesystem
     * @return what was negotiated
     * @throws Exception when INIT fails
     */
    protected ConnectionInfo mount(FileSystem fs) throws Exception {
        return mount(fs, options().build());
    }

    /**
     * A request frame from uid 1000, gid 1000, pid 4242.
     *
     * @param op     the opcode
     * @param unique the unique
     * @param nodeid the node id
     * @return a builder
     */
    protected static Frames.Request req(Opcode op, long unique, long nodeid) {
        return Frames.request(op.code(), unique, nodeid).uid(1000).gid(1000).pid(4242);
    }

    /**
     * Sends a frame and takes the next reply.
     *
     * @param frame the request
     * @return the reply
     */
    protected ReplyView call(byte[] frame) {
        channel.send(frame);
        return channel.reply(T);
    }

    /**
     * Asserts a header-only error reply.
     *
     * @param r      the reply
     * @param unique its request's unique
     * @param errno  the error expected
     */
    protected static void assertError(ReplyView r, long unique, Errno errno) {
        assertEquals(16, r.len(), r::toString);
        assertEquals(-errno.code(), r.error(), () -> "expected -" + errno + ": " + r);
        assertEquals(unique, r.unique(), r::toString);
    }

    /**
     * Joins hex rows of several parts of a golden frame.
     *
     * @param parts the parts
     * @return every row, in order
     */
    protected static String[] rows(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(String[]::new);
    }

    /**
     * Takes the next element, failing the test after {@link #T}.
     *
     * @param q   the queue
     * @param <E> the element type
     * @return the element
     * @throws InterruptedException if interrupted
     */
    protected static <E> E poll(BlockingQueue<E> q) throws InterruptedException {
        E v = q.poll(T.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(v, "nothing arrived within " + T);
        return v;
    }

    /**
     * Waits for a latch, failing the test after {@link #T}.
     *
     * @param latch the latch
     * @param what  what it stands for, for the failure message
     * @throws InterruptedException if interrupted
     */
    protected static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(T.toMillis(), TimeUnit.MILLISECONDS), what + " did not happen within " + T);
    }

    /** A filesystem implementing nothing: every operation takes its default. */
    public static final class EmptyFs implements FileSystem {
        /** Makes one. */
        public EmptyFs() {
        }
    }
}
