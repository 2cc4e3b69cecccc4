package dev.panamafuse.examples.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.panamafuse.examples.memory.MemoryFs;
import dev.panamafuse.ffm.Fuse;
import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountOptions;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Requests that wait for a lock do not stop the session, on a real mount with real processes. For
 * each blocking kind — POSIX record locks ({@code F_SETLKW}, one owner per process), open file
 * description locks ({@code F_OFD_SETLKW}) and {@code flock(LOCK_EX)} — a MemoryFs is mounted in
 * this JVM with {@code max_inflight=16} and {@code attr_timeout=0,entry_timeout=0} (so every stat
 * reaches the daemon). A holder process ({@code lockwaiters.c}, a test resource compiled with
 * {@code cc}) takes the lock on a file, and 160 waiter processes (ten times {@code max_inflight})
 * block on it, until the connection's {@code waiting} counter in the FUSE control filesystem counts
 * them all. Then:
 * <ul>
 *   <li>the mount keeps answering: stats of the root and of the locked file, each bounded by 2 s
 *       (the median and maximum latencies are printed), and an {@code ls -l};</li>
 *   <li>releasing the holder wakes every waiter: all 160 take the lock in turn and exit 0;</li>
 *   <li>in a second round, SIGKILL to the waiters' process group: all are reaped within 10 s, the
 *       {@code waiting} counter drops back to 0 (each INTERRUPT was read and MemoryLocks answered
 *       EINTR), stats are still answered, and once the holder lets go a new process takes the
 *       lock at once (the killed waiters left none behind).</li>
 * </ul>
 * Before the session gave waiting requests memory of their own, the waiters held every request
 * slot: no reader was left to read a stat, an unlock or an INTERRUPT, and this test fails at its
 * first stat. Whatever happens, every process is killed, a connection left with stuck processes is
 * aborted through {@code /sys/fs/fuse/connections/N/abort}, and the mount is removed.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LockWaitersIT {
    private static final int MAX_IN_FLIGHT = 16;
    private static final int WAITERS = 10 * MAX_IN_FLIGHT;
    private static final Duration STAT_BOUND = Duration.ofSeconds(2);
    private static final Duration START_BOUND = Duration.ofSeconds(20);
    private static final Duration END_BOUND = Duration.ofSeconds(10);
    private static final Path CONNECTIONS = Path.of("/sys/fs/fuse/connections");
    private static final Pattern GROUP = Pattern.compile("(?m)^group (\\d+)$");
    private static final Pattern SUMMARY = Pattern.compile("(?m)^exited 0: (\\d+), killed: (\\d+), other: (\\d+)$");

    /** The lock kinds of {@code lockwaiters.c}. */
    enum Kind {
        POSIX, OFD, FLOCK;

        String arg() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static Path tools;
    private static Path program;

    private Path base;
    private Path mnt;
    private FuseMount mount;
    private Path connection;
    /** Every process this test started, killed in {@link #unmount()}. */
    private final List<Started> started = new ArrayList<>();
    /** Platform threads for the stats, so that a stat that never returns can be left behind. */
    private ExecutorService stats;

    /** A started program, its merged output going to a file. */
    private record Started(Process process, Path out) {
        String output() {
            try {
                return Files.readString(out, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                return "(" + e + ")";
            }
        }
    }

    @BeforeAll
    static void compile() throws Exception {
        Proc.require("cc", "gcc");
        Proc.require("ls", "coreutils");
        Proc.require("kill", "procps");
        tools = Files.createTempDirectory("pfuse-lockwaiters-");
        Path source = tools.resolve("lockwaiters.c");
        try (InputStream in = LockWaitersIT.class.getResourceAsStream("lockwaiters.c")) {
            Files.write(source, in.readAllBytes());
        }
        program = tools.resolve("lockwaiters");
        Proc.ok(Duration.ofSeconds(60), tools, "cc", "-O2", "-Wall", "-o", program.toString(), source.toString());
    }

    @AfterAll
    static void removeTools() throws IOException {
        TestDir.deleteTree(tools);
    }

    @BeforeEach
    void mount() throws Exception {
        assertTrue(Files.isDirectory(CONNECTIONS), CONNECTIONS + " is not there: the FUSE control filesystem is needed");
        base = Files.createTempDirectory("pfuse-locks-");
        mnt = Files.createDirectory(base.resolve("mnt"));
        stats = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lock-waiters-stat");
            t.setDaemon(true);
            return t;
        });
        mount = Fuse.mount(mnt, new MemoryFs(), MountOptions.builder()
                .parse("default_permissions,allow_other,attr_timeout=0,entry_timeout=0,unmount_grace=2")
                .maxInFlight(MAX_IN_FLIGHT).build());
        long dev = ((Number) Files.getAttribute(mnt, "unix:dev")).longValue();
        connection = CONNECTIONS.resolve(Long.toString((dev & 0xff) | ((dev >> 12) & 0xfff00)));
        assertTrue(Files.exists(connection.resolve("waiting")), "no " + connection + "/waiting for the mount's st_dev " + dev);
    }

    @AfterEach
    void unmount() throws Exception {
        try {
            for (Started s : started) {
                killGroupOf(s);
                s.process().destroyForcibly();
            }
            boolean stuck = !await(END_BOUND, () -> started.stream().noneMatch(s -> s.process().isAlive()));
            if (stuck && Files.exists(connection.resolve("abort"))) {
                // processes stuck in a request the daemon never answers die only when the connection goes
                System.out.println("lock waiters: processes still alive, aborting " + connection);
                Files.writeString(connection.resolve("abort"), "1");
                await(END_BOUND, () -> started.stream().noneMatch(s -> s.process().isAlive()));
            }
        } finally {
            try {
                if (mount != null) {
                    mount.close();
                }
            } finally {
                for (int i = 0; i < 3 && TestDir.isMounted(mnt); i++) {
                    Proc.run(Duration.ofSeconds(30), null, "umount", "-l", mnt.toString());
                }
                stats.shutdownNow();
                for (Started s : started) {
                    Files.deleteIfExists(s.out());
                }
                if (!TestDir.isMounted(mnt)) {
                    TestDir.deleteTree(base);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void waitersNeitherStopTheMountNorOutliveTheirKill(Kind kind) throws Exception {
        Path file = mnt.resolve("locked-" + kind.arg());
        Files.writeString(file, "lock me\n");
        List<Long> idle = new ArrayList<>();
        List<Long> waiting = new ArrayList<>();
        List<Long> afterKill = new ArrayList<>();
        probe(file, 50, idle);

        // round 1: 160 waiters, the mount answers, the holder lets go, every waiter gets the lock
        Started holder = hold(kind, file);
        Started waiters = startWaiters(kind, file, WAITERS);
        awaitWaiting(WAITERS, waiters);
        probe(file, 100, waiting);
        Proc.Result ls = Proc.run(Duration.ofSeconds(10), base, "ls", "-l", mnt.toString());
        assertEquals(0, ls.exit(), ls.describe());
        assertTrue(waiters.process().isAlive(), "a waiter got a lock still held:\n" + waiters.output());
        long releasing = System.nanoTime();
        release(holder);
        String summary = awaitExit(waiters, "the waiters after the holder's unlock");
        long releasedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - releasing);
        assertEquals(0, waiters.process().exitValue(), "not every waiter took and dropped the lock:\n" + summary);
        assertCounts(summary, WAITERS, 0);
        awaitWaiting(0);

        // round 2: 160 waiters killed with SIGKILL while they wait
        holder = hold(kind, file);
        waiters = startWaiters(kind, file, WAITERS);
        awaitWaiting(WAITERS, waiters);
        probe(file, 100, waiting);
        long killing = System.nanoTime();
        killGroupOf(waiters);
        summary = awaitExit(waiters, "the waiters after SIGKILL to their group");
        long reapedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killing);
        assertCounts(summary, 0, WAITERS);
        awaitWaiting(0);
        long drainedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killing);
        probe(file, 50, afterKill);
        assertTrue(holder.process().isAlive(), "the holder died:\n" + holder.output());
        release(holder);
        Started next = startWaiters(kind, file, 1);
        awaitExit(next, "a new waiter after the killed ones");
        assertEquals(0, next.process().exitValue(), "the lock is not free after the holder let go:\n" + next.output());

        System.out.printf(Locale.ROOT, "lock waiters (%s, %d waiters, max_inflight %d): stat %s while %d waited "
                        + "(%s before, %s after the kill); all woken and done %d ms after the unlock; all killed "
                        + "reaped in %d ms, waiting counter 0 after %d ms%n",
                kind.arg(), WAITERS, MAX_IN_FLIGHT, describe(waiting), WAITERS, describe(idle), describe(afterKill),
                releasedMs, reapedMs, drainedMs);
    }

    /** "median M ms, max X ms over N" of latencies in nanoseconds. */
    private static String describe(List<Long> latencies) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(Locale.ROOT, "median %.2f ms, max %.2f ms over %d", sorted[sorted.length / 2] / 1e6,
                sorted[sorted.length - 1] / 1e6, sorted.length);
    }

    /** Starts a holder of {@code kind} on {@code file} and waits until it holds the lock. */
    private Started hold(Kind kind, Path file) throws Exception {
        Started h = start(true, "hold", kind.arg(), file.toString());
        if (!await(START_BOUND, () -> h.output().contains("held\n") || !h.process().isAlive())
                || !h.output().contains("held\n")) {
            fail("the holder did not take the " + kind.arg() + " lock:\n" + h.output());
        }
        return h;
    }

    /** Lets the holder unlock and waits for it to exit 0. */
    private void release(Started holder) throws Exception {
        OutputStream in = holder.process().getOutputStream();
        in.write('\n');
        in.flush();
        in.close();
        if (!holder.process().waitFor(END_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("the holder did not exit within " + END_BOUND.toSeconds() + " s of its release, waiting="
                    + waiting() + ":\n" + holder.output());
        }
        assertEquals(0, holder.process().exitValue(), "the holder failed:\n" + holder.output());
    }

    /** Starts {@code n} waiters of {@code kind} on {@code file} and waits until their group is known. */
    private Started startWaiters(Kind kind, Path file, int n) throws Exception {
        Started w = start(false, "wait", kind.arg(), file.toString(), Integer.toString(n));
        if (!await(START_BOUND, () -> GROUP.matcher(w.output()).find() || !w.process().isAlive())
                || !GROUP.matcher(w.output()).find()) {
            fail("the waiters did not start:\n" + w.output());
        }
        return w;
    }

    /** Waits (bounded) for the waiters' parent to have reaped all its children; returns its summary line. */
    private String awaitExit(Started waiters, String what) throws Exception {
        if (!waiters.process().waitFor(END_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
            fail(what + " did not all exit within " + END_BOUND.toSeconds() + " s, waiting=" + waiting() + ":\n"
                    + waiters.output());
        }
        Matcher m = SUMMARY.matcher(waiters.output());
        assertTrue(m.find(), what + ": no summary:\n" + waiters.output());
        return m.group();
    }

    private static void assertCounts(String summary, int exited0, int killed) {
        Matcher m = SUMMARY.matcher(summary);
        assertTrue(m.find(), summary);
        assertEquals(List.of(exited0, killed, 0), List.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))), "exited 0, killed, other: " + summary);
    }

    /** SIGKILL to the process group that a waiters' parent printed, if it printed one. */
    private void killGroupOf(Started s) throws Exception {
        Matcher m = GROUP.matcher(s.output());
        if (m.find()) {
            Proc.run(Duration.ofSeconds(10), null, "kill", "-KILL", "--", "-" + m.group(1));
        }
    }

    /** Waits until the connection's waiting counter reaches {@code n}, failing with the waiters' output if not. */
    private void awaitWaiting(int n, Started waiters) throws Exception {
        if (!await(START_BOUND, () -> waiting() >= n || !waiters.process().isAlive())) {
            fail("waiting=" + waiting() + " after " + START_BOUND.toSeconds() + " s, wanted >= " + n + ":\n"
                    + waiters.output());
        }
        assertTrue(waiters.process().isAlive(), "the waiters ended before all were waiting:\n" + waiters.output());
    }

    /** Waits until the connection's waiting counter drops to {@code n} or below. */
    private void awaitWaiting(int n) throws Exception {
        if (!await(END_BOUND, () -> waiting() <= n)) {
            fail("waiting=" + waiting() + " " + END_BOUND.toSeconds() + " s after the waiters ended, wanted <= " + n);
        }
    }

    /**
     * {@code count} stats, alternating the mount's root and {@code file}, each bounded by
     * {@link #STAT_BOUND}; adds each one's latency in nanoseconds to {@code latencies}.
     */
    private void probe(Path file, int count, List<Long> latencies) throws Exception {
        for (int i = 0; i < count; i++) {
            Path p = i % 2 == 0 ? mnt : file;
            Future<Long> f = stats.submit(() -> {
                long t0 = System.nanoTime();
                Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return System.nanoTime() - t0;
            });
            try {
                latencies.add(f.get(STAT_BOUND.toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                fail("stat " + p + " did not return within " + STAT_BOUND.toMillis() + " ms (stat " + (i + 1) + " of "
                        + count + "), waiting=" + waiting());
            }
        }
    }

    /** The connection's {@code waiting} counter: requests the kernel has not had an answer to. */
    private long waiting() {
        try {
            return Long.parseLong(Files.readString(connection.resolve("waiting")).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Starts {@code lockwaiters} with {@code args}, from this platform thread, outside the mount. */
    private Started start(boolean stdin, String... args) throws IOException {
        Path out = Files.createTempFile(base, "lockwaiters-", ".out");
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(base.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        if (!stdin) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Started s = new Started(pb.start(), out);
        started.add(s);
        return s;
    }

    private static boolean await(Duration bound, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
