package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jnr.posix.FileStat;
import jnr.posix.NanosecondFileStat;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of every group of conformance checks. Each check runs in its own fresh directory
 * {@link #dir} (mode 0777) of the filesystem under test, given by the enclosing
 * {@link ConformanceSuite}.
 *
 * <p>Three independent clients look at the filesystem: jnr-posix in this process (as root, for
 * exact errno values, lstat fields and nanosecond timestamps), {@code java.nio.file}, and child
 * processes ({@code /usr/bin/python3}, coreutils, util-linux) for what needs another user
 * ({@code setpriv}), another process (locks) or a syscall neither of the others offers. A
 * multi-threaded JVM cannot change its own uid safely, so every check "as another user" runs in a
 * child. Every child is bounded in time.
 */
@ExtendWith(ConformanceExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class ConformanceBase {
    /** The syscall oracle. */
    protected static final POSIX P = POSIXFactory.getNativePOSIX(new ReturningHandler());

    /** Lets every jnr-posix call return -1 with errno set instead of throwing. */
    private static final class ReturningHandler extends jnr.posix.util.DefaultPOSIXHandler {
        @Override
        public void error(jnr.constants.platform.Errno error, String extraData) {
            // the caller reads errno
        }

        @Override
        public void error(jnr.constants.platform.Errno error, String methodName, String extraData) {
            // the caller reads errno
        }
    }

    /** An unprivileged user (and group) that owns nothing: {@code nobody}/{@code nogroup}. */
    protected static final int NOBODY = 65534;
    /** A second unprivileged user (and group). */
    protected static final int USER = 1000;

    protected static final int O_RDONLY = 0;
    protected static final int O_WRONLY = 01;
    protected static final int O_RDWR = 02;
    protected static final int O_CREAT = 0100;
    protected static final int O_EXCL = 0200;
    protected static final int O_TRUNC = 01000;
    protected static final int O_APPEND = 02000;
    protected static final int O_NONBLOCK = 04000;
    protected static final int O_DIRECTORY = 0200000;
    protected static final int O_NOFOLLOW = 0400000;

    protected static final int S_IFMT = 0170000;
    protected static final int S_IFREG = 0100000;
    protected static final int S_IFDIR = 0040000;
    protected static final int S_IFLNK = 0120000;
    protected static final int S_IFIFO = 0010000;
    protected static final int S_IFCHR = 0020000;
    protected static final int S_IFBLK = 0060000;
    protected static final int S_IFSOCK = 0140000;

    protected static final int AT_FDCWD = -100;
    protected static final int AT_SYMLINK_NOFOLLOW = 0x100;
    protected static final long UTIME_NOW = (1L << 30) - 1;
    protected static final long UTIME_OMIT = (1L << 30) - 2;

    /** 2001-09-09T01:46:40Z in nanoseconds: a time far before any test ran. */
    protected static final long OLD_NS = 1_000_000_000L * 1_000_000_000L;

    private static final String PYTHON = "/usr/bin/python3";
    private static final long CHILD_TIMEOUT_SECONDS = 20;
    private static final Pattern ERRNO_TOKEN = Pattern.compile("E:(\\d+)");

    /**
     * Defined in every python child: {@code E(f, *args)} calls f and returns {@code 'OK'} or
     * {@code 'E:<errno>'}; {@code V} returns the value instead of {@code 'OK'}; {@code P} prints and
     * flushes; {@code C(name, *args)} calls a libc function through ctypes and returns its result
     * or {@code 'E:<errno>'}.
     */
    private static final String PRELUDE = """
            import os, sys, errno, stat, fcntl, struct, time, signal
            def E(f, *a, **k):
                try:
                    f(*a, **k)
                    return 'OK'
                except OSError as x:
                    return 'E:%d' % x.errno
            def V(f, *a, **k):
                try:
                    return f(*a, **k)
                except OSError as x:
                    return 'E:%d' % x.errno
            def P(*a):
                print(*a, flush=True)
            _libc = []
            def C(fn, *args):
                import ctypes
                if not _libc:
                    _libc.append(ctypes.CDLL(None, use_errno=True))
                f = getattr(_libc[0], fn)
                ctypes.set_errno(0)
                r = f(*args)
                if r == -1:
                    return 'E:%d' % ctypes.get_errno()
                return 'OK' if r == 0 else r
            def L(v):
                import ctypes
                return ctypes.c_long(v)
            """;

    /** The filesystem under test. */
    protected ConformanceSuite suite;
    /** This check's own fresh directory, mode 0777. */
    protected Path dir;

    final void init(ConformanceSuite s, Path d) {
        this.suite = s;
        this.dir = d;
    }

    // ------------------------------------------------------------------ paths and files

    /** The absolute path of {@code name} in this check's directory. */
    protected String at(String name) {
        return dir.resolve(name).toString();
    }

    /** A name of exactly {@code length} bytes. */
    protected static String name(int length) {
        return "n".repeat(length);
    }

    /** Creates an empty regular file with mode 0644 (umask independent). */
    protected void touch(String name) {
        int fd = P.open(at(name), O_CREAT | O_EXCL | O_WRONLY, 0644);
        assertTrue(fd >= 0, "create " + name + ": " + Errnos.name(P.errno()));
        P.close(fd);
        ok(() -> P.chmod(at(name), 0644));
    }

    /** Creates a regular file with the given contents and mode 0644. */
    protected void file(String name, String contents) throws IOException {
        file(name, contents.getBytes(StandardCharsets.UTF_8));
    }

    protected void file(String name, byte[] contents) throws IOException {
        touch(name);
        Files.write(dir.resolve(name), contents);
    }

    /** Creates a directory and sets its mode exactly. */
    protected void mkdir(String name, int mode) {
        ok(() -> P.mkdir(at(name), 0700));
        ok(() -> P.chmod(at(name), mode));
    }

    protected void chown(String name, int uid, int gid) {
        ok(() -> P.lchown(at(name), uid, gid));
    }

    protected void chmod(String name, int mode) {
        ok(() -> P.chmod(at(name), mode));
    }

    protected String read(String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    protected boolean exists(String name) {
        return P.lstat(at(name), P.allocateStat()) == 0;
    }

    // ------------------------------------------------------------------ errno

    /** Runs a call returning -1 on failure: {@code "OK"} or the canonical errno name. */
    protected static String call(IntSupplier call) {
        int r = call.getAsInt();
        return r < 0 ? Errnos.name(P.errno()) : "OK";
    }

    protected static String callLong(LongSupplier call) {
        long r = call.getAsLong();
        return r < 0 ? Errnos.name(P.errno()) : "OK";
    }

    /** Asserts that a call fails with {@code errno} (a name such as {@code "ENOENT"}) or succeeds ({@code "OK"}). */
    protected static void expect(String errno, IntSupplier call) {
        assertEquals(Errnos.canonical(errno), call(call));
    }

    protected static void expect(String errno, IntSupplier call, String message) {
        assertEquals(Errnos.canonical(errno), call(call), message);
    }

    protected static void ok(IntSupplier call) {
        assertEquals("OK", call(call));
    }

    /** Opens a file and asserts success. */
    protected int open(String name, int flags, int mode) {
        int fd = P.open(at(name), flags, mode);
        assertTrue(fd >= 0, "open " + name + " flags 0" + Integer.toOctalString(flags) + ": " + Errnos.name(P.errno()));
        return fd;
    }

    // ------------------------------------------------------------------ stat

    protected FileStat lstat(String name) {
        FileStat st = P.allocateStat();
        int r = P.lstat(at(name), st);
        assertEquals("OK", r < 0 ? Errnos.name(P.errno()) : "OK", "lstat " + name);
        return st;
    }

    protected FileStat stat(String name) {
        FileStat st = P.allocateStat();
        int r = P.stat(at(name), st);
        assertEquals("OK", r < 0 ? Errnos.name(P.errno()) : "OK", "stat " + name);
        return st;
    }

    /** Permission and special bits of {@code name} (not followed). */
    protected int mode(String name) {
        return lstat(name).mode() & 07777;
    }

    protected int type(String name) {
        return lstat(name).mode() & S_IFMT;
    }

    protected int nlink(String name) {
        return lstat(name).nlink();
    }

    /** Access, modification and change time in nanoseconds since the epoch. */
    protected record Times(long atime, long mtime, long ctime) {
    }

    protected Times times(String name) {
        FileStat st = lstat(name);
        NanosecondFileStat ns = (NanosecondFileStat) st;
        return new Times(st.atime() * 1_000_000_000L + ns.aTimeNanoSecs(),
                st.mtime() * 1_000_000_000L + ns.mTimeNanoSecs(),
                st.ctime() * 1_000_000_000L + ns.cTimeNanoSecs());
    }

    /** Sets atime and mtime (nanoseconds since the epoch, or UTIME_NOW/UTIME_OMIT as nanoseconds with 0 seconds). */
    protected void setTimes(String name, long atimeNs, long mtimeNs) {
        ok(() -> P.utimensat(AT_FDCWD, at(name), ts(atimeNs), ts(mtimeNs), 0));
    }

    /** A timespec {sec, nsec}: UTIME_NOW and UTIME_OMIT pass through as the nanoseconds. */
    protected static long[] ts(long ns) {
        if (ns == UTIME_NOW || ns == UTIME_OMIT) {
            return new long[] {0, ns};
        }
        return new long[] {Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L)};
    }

    /**
     * Sets the times of {@code names} far into the past and waits long enough that any later
     * timestamp differs from the ctime read now, even on a filesystem with a coarse clock.
     */
    protected void age(String... names) {
        for (String n : names) {
            setTimes(n, OLD_NS, OLD_NS);
        }
        tick();
    }

    /** Sleeps past the granularity of a coarse kernel clock (a jiffy is at most 10 ms). */
    protected static void tick() {
        try {
            Thread.sleep(15);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    protected static long nowNs() {
        java.time.Instant i = java.time.Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** Asserts that {@code ns} is within two seconds of the wall clock. */
    protected static void assertRecent(long ns, String what) {
        long now = nowNs();
        assertTrue(Math.abs(now - ns) < 2_000_000_000L, what + " = " + ns + " is not close to now " + now);
    }

    // ------------------------------------------------------------------ child processes

    /** The output of a child process. */
    protected record Result(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    /** Runs a program in {@link #dir} as root, bounded in time. */
    protected Result run(String... command) throws IOException, InterruptedException {
        return runIn(dir, List.of(command));
    }

    /** Runs a program in {@link #dir} as {@code uid}:{@code uid} with no supplementary groups. */
    protected Result runAs(int uid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(asUser(uid, uid));
        cmd.addAll(List.of(command));
        return runIn(dir, cmd);
    }

    private static List<String> asUser(int uid, int gid) {
        if (uid == 0 && gid == 0) {
            return List.of();
        }
        return List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups");
    }

    protected static Result runIn(Path cwd, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("pfuse-conf-out-", ".txt");
        Path err = Files.createTempFile("pfuse-conf-err-", ".txt");
        try {
            Process p = new ProcessBuilder(command).directory(cwd.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            try {
                if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    fail(abbreviate(command) + " did not finish within " + CHILD_TIMEOUT_SECONDS + " s; stderr: "
                            + Files.readString(err));
                }
            } finally {
                if (p.isAlive()) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String abbreviate(List<String> command) {
        String s = String.join(" ", command);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /**
     * Runs a python script in {@link #dir} as {@code uid} (group {@code uid}, no supplementary
     * groups; uid 0 runs as root) and returns its output lines, with every {@code E:<n>} replaced
     * by the errno's name. Fails when the script itself fails.
     */
    protected List<String> py(int uid, String code) throws IOException, InterruptedException {
        return py(uid, uid, code);
    }

    protected List<String> py(int uid, int gid, String code) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(asUser(uid, gid));
        cmd.addAll(List.of(PYTHON, "-I", "-S", "-c", PRELUDE + code));
        Result r = runIn(dir, cmd);
        if (r.exit() != 0) {
            fail("python as uid " + uid + " exited " + r.exit() + "\nstdout: " + r.out() + "\nstderr: " + r.err()
                    + "\nscript:\n" + code);
        }
        List<String> lines = new ArrayList<>();
        for (String line : r.lines()) {
            Matcher m = ERRNO_TOKEN.matcher(line);
            lines.add(m.replaceAll(mr -> Errnos.name(Integer.parseInt(mr.group(1)))));
        }
        return lines;
    }

    /** Runs a python script as {@code uid} and asserts its output lines (errno names are canonicalized). */
    protected void expectPy(int uid, String code, String... expected) throws IOException, InterruptedException {
        List<String> want = new ArrayList<>();
        for (String e : expected) {
            StringBuilder sb = new StringBuilder();
            for (String tok : e.split(" ", -1)) {
                sb.append(sb.isEmpty() ? "" : " ").append(Errnos.canonical(tok));
            }
            want.add(sb.toString());
        }
        assertEquals(want, py(uid, code), "python as uid " + uid + ":\n" + code);
    }

    /** A python string literal of a path. */
    protected static String q(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
