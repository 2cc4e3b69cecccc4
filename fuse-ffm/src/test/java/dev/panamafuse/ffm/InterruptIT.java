package dev.panamafuse.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Attr;
import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountOptions;
import java.io.File;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code FUSE_INTERRUPT} on a real mount: a {@code cat} blocks in a read handler, is killed, and
 * the kernel's interrupt reaches the handler as {@link Request#isInterrupted()} and the
 * {@link Request#onInterrupt(Runnable)} callback, never as {@link Thread#interrupt()}.
 *
 * <p>Why a kill works: the kernel waits for a FUSE answer first interruptibly; any signal, SIGKILL
 * included, ends that wait, marks the request interrupted and queues {@code FUSE_INTERRUPT}
 * (when the request has already been read by the server). A fatal signal then makes it wait,
 * uninterruptibly, for the server's reply, so the killed process lingers until the handler
 * answers. The file is opened with {@code direct_io}, so each read(2) is a synchronous
 * {@code FUSE_READ} of the caller; a page-cache read would be an asynchronous readahead request,
 * which the kernel never interrupts.
 *
 * <p>Every mount is closed in {@code finally}; the blocked handler is bounded (20 s) and released
 * before the close, and {@link #removeLeftovers()} fails the test if a mount was left behind.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class InterruptIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** How long the slow handler waits for an interrupt before giving up. */
    private static final Duration HANDLER_BOUND = Duration.ofSeconds(20);
    /** The exit status of a process killed by SIGKILL, as {@link Process#exitValue()} reports it. */
    private static final int SIGKILLED = 128 + 9;
    /** The exit status of a process ended by SIGTERM. */
    private static final int SIGTERMED = 128 + 15;
    /** Loggers of the session and the transport: nothing may be logged at WARNING or above. */
    private static final List<String> LOGGERS = List.of("dev.panamafuse.session.Session",
            "dev.panamafuse.session.RequestContext", "dev.panamafuse.ffm.internal.DevFuseChannel",
            "dev.panamafuse.ffm.internal.MountHandle");

    private Path base;
    private Path dir;

    @BeforeEach
    void createMountpoint() throws IOException {
        base = Files.createTempDirectory("pfuse-interrupt-");
        dir = Files.createDirectory(base.resolve("mnt"));
    }

    @AfterEach
    void removeLeftovers() throws Exception {
        boolean leftover = false;
        if (base != null) {
            for (int i = 0; i < 3 && FuseMountIT.isMounted(dir); i++) {
                leftover = true;
                FuseMountIT.run(List.of("umount", "-l", dir.toString()));
            }
            deleteTree(base);
        }
        assertFalse(leftover, "the test left a mount on " + dir + " (removed with umount -l)");
    }

    @Test
    void sigkillInterruptsTheBlockedReadWithoutThreadInterrupt() throws Exception {
        SlowFs fs = new SlowFs(SlowFs.After.ANSWER);
        try (WarningCapture warnings = WarningCapture.of(LOGGERS)) {
            killBlockedCat(fs, true);
            assertEquals(List.of(), warnings.messages(), "warnings logged");
        }
        assertEquals(1, fs.slowReads.get(), "the slow file was read once");
    }

    @Test
    void sigtermToCatInterruptsToo() throws Exception {
        // cat installs no handler, so SIGTERM is fatal as well; the interrupt path is the same
        SlowFs fs = new SlowFs(SlowFs.After.EINTR);
        try (WarningCapture warnings = WarningCapture.of(LOGGERS)) {
            killBlockedCat(fs, false);
            assertEquals(List.of(), warnings.messages(), "warnings logged");
        }
    }

    @Test
    void handlerAnsweringEintrAfterTheInterruptLogsNoWarning() throws Exception {
        SlowFs fs = new SlowFs(SlowFs.After.EINTR);
        try (WarningCapture warnings = WarningCapture.of(LOGGERS)) {
            killBlockedCat(fs, true);
            assertEquals(List.of(), warnings.messages(), "an EINTR answer to an interrupted request is not a warning");
        }
        assertTrue(fs.threwEintr.get(), "the handler answered EINTR");
    }

    /**
     * Mounts {@code fs}, starts {@code cat DIR/slow}, waits until it blocks in the read handler,
     * kills it with SIGKILL (or SIGTERM) and checks what the handler saw; then that the mount
     * still serves.
     */
    private void killBlockedCat(SlowFs fs, boolean sigkill) throws Exception {
        FuseMount mount = Fuse.mount(dir, fs, MountOptions.defaults());
        Process cat = null;
        Path out = Files.createTempFile("pfuse-cat-", ".out");
        try {
            cat = new ProcessBuilder("cat", dir.resolve(SlowFs.SLOW).toString()).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            assertTrue(fs.entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                    "cat did not reach the read handler within " + WAIT);
            assertFalse(fs.interruptedOnEntry.get(), "isInterrupted() before any signal");
            assertEquals(1, fs.callbackRan.getCount(), "the callback ran before any signal");
            assertTrue(cat.isAlive(), "cat ended while its read was blocked");

            if (sigkill) {
                cat.destroyForcibly(); // SIGKILL
            } else {
                cat.destroy(); // SIGTERM
            }

            assertTrue(fs.callbackRan.await(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                    "the onInterrupt callback did not run within " + WAIT + " of the signal (no FUSE_INTERRUPT?)");
            assertTrue(fs.handlerDone.await(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                    "the handler did not see isInterrupted() within " + WAIT + " of the signal");
            assertTrue(fs.sawInterrupted.get(), "the handler gave up without seeing isInterrupted()");
            assertFalse(fs.threadInterrupted.get(), "the handler thread was Thread.interrupt()ed");
            assertNotNull(fs.callbackThread.get());
            assertNotSame(fs.handlerThread.get(), fs.callbackThread.get(),
                    "the callback runs on the session's thread, not on the blocked handler");
            assertTrue(fs.handlerThread.get().getName().startsWith("fuse-reader-"),
                    "the default hybrid dispatch runs READ on a reader; another reader read the INTERRUPT");

            // the killed process waits for the handler's answer, then goes
            assertTrue(cat.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS), "cat did not die after the answer");
            assertEquals(sigkill ? SIGKILLED : SIGTERMED, cat.exitValue());
            assertEquals("", Files.readString(out), "nothing reached the killed cat");

            // the mount lives on
            assertTrue(mount.isMounted());
            assertEquals(SlowFs.FAST_TEXT, Files.readString(dir.resolve(SlowFs.FAST)));
            FuseMountIT.Result again = FuseMountIT.run(List.of("cat", dir.resolve(SlowFs.FAST).toString()));
            assertEquals(0, again.exit(), again.toString());
            assertEquals(SlowFs.FAST_TEXT, again.out());
            assertEquals(List.of(SlowFs.FAST, SlowFs.SLOW), list(dir));
        } finally {
            fs.giveUp.countDown();
            if (cat != null && cat.isAlive()) {
                cat.destroyForcibly();
                cat.waitFor(5, TimeUnit.SECONDS);
            }
            mount.close();
            Files.deleteIfExists(out);
        }
        assertFalse(FuseMountIT.isMounted(dir));
        assertEquals(1, fs.destroyed.get());
    }

    // ---------------------------------------------------------------- the test filesystem

    /**
     * Root with {@code fast} ("quick\n") and {@code slow} (opened with direct_io; its first read
     * blocks until the request is interrupted, then answers as {@link After} says).
     */
    static final class SlowFs implements FileSystem {
        enum After { ANSWER, EINTR }

        static final String FAST = "fast";
        static final String SLOW = "slow";
        static final String FAST_TEXT = "quick\n";
        static final long FAST_INO = 2;
        static final long SLOW_INO = 3;
        static final Instant TIME = Instant.parse("2024-05-06T07:08:09Z");

        private final After after;
        private final Attr root = Attr.of(ROOT, Mode.S_IFDIR | 0755, 2, 0, 0, 0, TIME);
        private final Attr fast = Attr.of(FAST_INO, Mode.S_IFREG | 0444, 1, 0, 0, FAST_TEXT.length(), TIME);
        private final Attr slow = Attr.of(SLOW_INO, Mode.S_IFREG | 0444, 1, 0, 0, 4096, TIME);

        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch callbackRan = new CountDownLatch(1);
        final CountDownLatch handlerDone = new CountDownLatch(1);
        final CountDownLatch giveUp = new CountDownLatch(1);
        final AtomicBoolean interruptedOnEntry = new AtomicBoolean(true);
        final AtomicBoolean sawInterrupted = new AtomicBoolean();
        final AtomicBoolean threadInterrupted = new AtomicBoolean();
        final AtomicBoolean threwEintr = new AtomicBoolean();
        final AtomicReference<Thread> handlerThread = new AtomicReference<>();
        final AtomicReference<Thread> callbackThread = new AtomicReference<>();
        final AtomicInteger slowReads = new AtomicInteger();
        final AtomicInteger destroyed = new AtomicInteger();

        SlowFs(After after) {
            this.after = after;
        }

        @Override
        public void destroy() {
            destroyed.incrementAndGet();
        }

        @Override
        public Entry lookup(Request req, long parent, String name) {
            if (parent == ROOT && FAST.equals(name)) {
                return Entry.of(fast);
            }
            if (parent == ROOT && SLOW.equals(name)) {
                return Entry.of(slow);
            }
            throw new FuseException(Errno.ENOENT);
        }

        @Override
        public Attr getattr(Request req, long nodeid, long fh) {
            if (nodeid == ROOT) {
                return root;
            }
            if (nodeid == FAST_INO) {
                return fast;
            }
            if (nodeid == SLOW_INO) {
                return slow;
            }
            throw new FuseException(Errno.ENOENT);
        }

        @Override
        public void readdir(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
            String[] names = {".", "..", FAST, SLOW};
            long[] inos = {ROOT, ROOT, FAST_INO, SLOW_INO};
            int[] modes = {root.mode(), root.mode(), fast.mode(), slow.mode()};
            for (int i = (int) offset; i < names.length; i++) {
                if (!filler.add(names[i], inos[i], modes[i], i + 1)) {
                    return;
                }
            }
        }

        @Override
        public OpenFile open(Request req, long nodeid, int flags) {
            if (nodeid != FAST_INO && nodeid != SLOW_INO) {
                throw new FuseException(Errno.EISDIR);
            }
            // direct_io: every read(2) of slow is a synchronous FUSE_READ of the caller
            return OpenFile.of(nodeid, nodeid == SLOW_INO ? OpenFile.DIRECT_IO : 0);
        }

        @Override
        public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
            if (nodeid == FAST_INO) {
                byte[] b = FAST_TEXT.getBytes(StandardCharsets.US_ASCII);
                if (offset >= b.length) {
                    return 0;
                }
                int n = (int) Math.min(dest.byteSize(), b.length - offset);
                MemorySegment.copy(MemorySegment.ofArray(b), offset, dest, 0, n);
                return n;
            }
            if (slowReads.incrementAndGet() > 1) {
                return 0;
            }
            return blockUntilInterrupted(req, dest);
        }

        private int blockUntilInterrupted(Request req, MemorySegment dest) {
            handlerThread.set(Thread.currentThread());
            interruptedOnEntry.set(req.isInterrupted());
            req.onInterrupt(() -> {
                callbackThread.set(Thread.currentThread());
                callbackRan.countDown();
            });
            entered.countDown();
            try {
                long deadline = System.nanoTime() + HANDLER_BOUND.toNanos();
                while (!req.isInterrupted() && System.nanoTime() < deadline) {
                    if (giveUp.await(10, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                }
                threadInterrupted.set(Thread.currentThread().isInterrupted());
                sawInterrupted.set(req.isInterrupted());
            } catch (InterruptedException e) {
                threadInterrupted.set(true);
            } finally {
                handlerDone.countDown();
            }
            if (!sawInterrupted.get()) {
                throw new FuseException(Errno.ETIMEDOUT);
            }
            if (after == After.EINTR) {
                threwEintr.set(true);
                throw new FuseException(Errno.EINTR);
            }
            byte[] late = "too late\n".getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(MemorySegment.ofArray(late), 0, dest, 0, late.length);
            return late.length;
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Records the WARNING-or-worse messages of some {@code java.util.logging} loggers (where
     * {@code System.Logger} goes when {@code java.logging} is present, as in these tests) and keeps
     * them off the console. The test code is compiled against the module graph of
     * {@code dev.panamafuse.ffm}, which does not read {@code java.logging}; hence reflection.
     */
    private static final class WarningCapture implements AutoCloseable {
        private static final int WARNING = 900;
        private final List<Object> loggers = new ArrayList<>();
        private final List<Object> previous = new ArrayList<>();
        private final List<String> messages = new CopyOnWriteArrayList<>();
        private final Method setFilter;

        private WarningCapture(List<String> names) throws ReflectiveOperationException {
            Class<?> loggerClass = Class.forName("java.util.logging.Logger");
            Class<?> filterClass = Class.forName("java.util.logging.Filter");
            Class<?> recordClass = Class.forName("java.util.logging.LogRecord");
            Method getLevel = recordClass.getMethod("getLevel");
            Method getMessage = recordClass.getMethod("getMessage");
            Method getLoggerName = recordClass.getMethod("getLoggerName");
            Method intValue = Class.forName("java.util.logging.Level").getMethod("intValue");
            setFilter = loggerClass.getMethod("setFilter", filterClass);
            Object filter = Proxy.newProxyInstance(InterruptIT.class.getClassLoader(), new Class<?>[] {filterClass},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "isLoggable" -> {
                            Object r = args[0];
                            if ((int) intValue.invoke(getLevel.invoke(r)) >= WARNING) {
                                messages.add(getLoggerName.invoke(r) + ": " + getMessage.invoke(r));
                            }
                            yield false;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "WarningCapture filter";
                    });
            for (String name : names) {
                Object logger = loggerClass.getMethod("getLogger", String.class).invoke(null, name);
                loggers.add(logger);
                previous.add(loggerClass.getMethod("getFilter").invoke(logger));
                setFilter.invoke(logger, filter);
            }
        }

        static WarningCapture of(List<String> names) throws ReflectiveOperationException {
            return new WarningCapture(names);
        }

        List<String> messages() {
            return List.copyOf(messages);
        }

        @Override
        public void close() throws ReflectiveOperationException {
            for (int i = 0; i < loggers.size(); i++) {
                setFilter.invoke(loggers.get(i), previous.get(i));
            }
        }
    }

    private static List<String> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
