package dev.panamafuse.benchmarks.peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The libfuse peer of the comparison, {@code benchmarks/peers/libfuse/memfs_ll}, built by its
 * {@code build} script and mounted in both of its modes: single-threaded ({@code -s}, the
 * {@code libfuse-st} system) and multi-threaded with {@code -o clone_fd} ({@code libfuse-mt}).
 * Each mount is used through real programs ({@code stat}, {@code dd}, {@code ls}, {@code mv},
 * {@code find}, {@code rmdir}, {@code df}) and java.nio: the size and zeros of {@code /zero}
 * (buffered and {@code O_DIRECT}, at the start and at 3 GiB), random data written and read back,
 * a directory of 1000 files listed, renamed, unlinked and removed, and statfs. It checks the
 * lifetime part of the contract in ../README.md as well: ready once {@code /proc/self/mountinfo}
 * lists a {@code fuse} mount, exit 0 with the mount gone after an external {@code umount} (single
 * threaded) or SIGTERM (multi-threaded), nothing on stdout.
 *
 * <p>Needs root, {@code /dev/fuse}, and gcc, pkg-config and libfuse3-dev for the build; like the
 * client tests of this project it fails, never skips, when one is missing. The server is killed
 * and its mount detached in {@code finally}, so no mount outlives a failed case either.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LibfusePeerIT {
    private static final long ZERO_SIZE = 4L << 30;
    private static final int MIB = 1 << 20;
    private static final int FILES = 1000;
    private static final Duration MOUNT_WAIT = Duration.ofSeconds(10);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);
    private static final Duration COMMAND_WAIT = Duration.ofSeconds(60);

    private static Path binary;

    /** What a finished program left: its exit status and merged output. */
    private record Result(List<String> command, int exit, String output) {
        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exit + "\n" + output;
        }
    }

    @BeforeAll
    static void build() throws Exception {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path script = module.resolve("peers/libfuse/build");
        assertTrue(Files.isRegularFile(script), "no build script at " + script);
        Result r = run(Duration.ofSeconds(120), "bash", script.toString());
        assertEquals(0, r.exit(), "the libfuse peer did not build: " + r);
        binary = module.resolve("target/peers/memfs_ll");
        assertTrue(Files.isExecutable(binary), "the build left no " + binary);
        assertTrue(Files.exists(Path.of("/dev/fuse")), "/dev/fuse is missing (modprobe fuse)");
    }

    @Test
    void singleThreaded() throws Exception {
        exercise("st", List.of("-s"), false);
    }

    @Test
    void multiThreadedWithCloneFd() throws Exception {
        exercise("mt", List.of("-o", "clone_fd"), true);
    }

    /** Mounts memfs_ll with {@code mode}, uses it, and stops it by SIGTERM or by an external umount. */
    private static void exercise(String label, List<String> mode, boolean stopBySigterm) throws Exception {
        Path base = Files.createTempDirectory("pfuse-libfuse-" + label + "-");
        Path mnt = Files.createDirectory(base.resolve("mnt"));
        Path stdout = base.resolve("server.out");
        Path stderr = base.resolve("server.err");
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(mode);
        command.add(mnt.toString());
        Process server = null;
        boolean leftover;
        try {
            server = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            awaitMounted(server, mnt, stderr);

            checkZeroFile(mnt, base);
            checkDataRoundTrip(mnt, base);
            checkDirectoryOfFiles(mnt);
            checkStatfs(mnt);

            if (stopBySigterm) {
                server.destroy(); // SIGTERM
            } else {
                Result u = run(COMMAND_WAIT, "umount", mnt.toString());
                assertEquals(0, u.exit(), u.toString());
            }
            assertTrue(server.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS),
                    "memfs_ll did not exit within " + EXIT_WAIT + " of being stopped");
            assertEquals(0, server.exitValue(), "memfs_ll exit status; stderr: " + Files.readString(stderr));
            assertTrue(mountType(mnt).isEmpty(), "the mount outlived memfs_ll");
            assertEquals("", Files.readString(stdout), "memfs_ll wrote to stdout");
        } finally {
            leftover = stopAndDetach(server, mnt);
            if (!leftover) {
                deleteTree(base);
            }
        }
        assertFalse(leftover, "a mount was left on " + mnt + " (detached with umount -l)");
    }

    // ---------------------------------------------------------------- the checks

    private static void checkZeroFile(Path mnt, Path base) throws Exception {
        Path zero = mnt.resolve("zero");
        Result stat = run(COMMAND_WAIT, "stat", "-c", "%s %a %F", zero.toString());
        assertEquals(0, stat.exit(), stat.toString());
        assertEquals(ZERO_SIZE + " 444 regular file", stat.output().strip());
        assertEquals(ZERO_SIZE, Files.size(zero));

        Path copy = base.resolve("zero-copy");
        ddAndExpectZeros(zero, copy, 0, "");
        ddAndExpectZeros(zero, copy, 3072, "");
        ddAndExpectZeros(zero, copy, 0, "iflag=direct");
        ddAndExpectZeros(zero, copy, 3072, "iflag=direct");

        try (FileChannel ch = FileChannel.open(zero, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(MIB);
            assertEquals(MIB, readFully(ch, buf, (3L << 30) + 12345));
            expectZeros(buf.array(), MIB, "java.nio read at 3 GiB + 12345");
            buf.clear();
            assertEquals(100, readFully(ch, buf, ZERO_SIZE - 100), "a read across the end stops there");
            assertEquals(-1, ch.read(ByteBuffer.allocate(1), ZERO_SIZE), "a read at the end is EOF");
        }
        assertThrows(IOException.class, () -> Files.newOutputStream(zero, StandardOpenOption.WRITE).close(),
                "/zero opened for writing");
    }

    private static void ddAndExpectZeros(Path zero, Path copy, long skipMib, String iflag) throws Exception {
        List<String> dd = new ArrayList<>(List.of("dd", "if=" + zero, "of=" + copy, "bs=1M", "count=1",
                "skip=" + skipMib, "status=none"));
        if (!iflag.isEmpty()) {
            dd.add(iflag);
        }
        Result r = run(COMMAND_WAIT, dd.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        byte[] got = Files.readAllBytes(copy);
        assertEquals(MIB, got.length, "bytes from " + r.command());
        expectZeros(got, got.length, String.join(" ", r.command()));
    }

    private static void checkDataRoundTrip(Path mnt, Path base) throws Exception {
        byte[] data = new byte[5 * MIB + 12345];
        new Random(42).nextBytes(data);
        Path file = mnt.resolve("random.bin");
        Files.write(file, data);
        assertEquals(data.length, Files.size(file));
        assertArrayEquals(data, Files.readAllBytes(file), "random bytes read back through java.nio");

        Path outside = Files.write(base.resolve("random.bin"), data);
        Result cmp = run(COMMAND_WAIT, "cmp", outside.toString(), file.toString());
        assertEquals(0, cmp.exit(), cmp.toString());
        Result dd = run(COMMAND_WAIT, "dd", "if=" + file, "of=" + base.resolve("random.direct"), "bs=1M",
                "iflag=direct", "status=none");
        assertEquals(0, dd.exit(), dd.toString());
        assertArrayEquals(data, Files.readAllBytes(base.resolve("random.direct")), "random bytes read by dd O_DIRECT");

        // a write past the end leaves a hole of zeros; truncation, chmod and times are setattr
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("tail".getBytes(StandardCharsets.US_ASCII)), 8L * MIB);
            ch.truncate(8L * MIB + 2);
        }
        byte[] grown = Files.readAllBytes(file);
        assertEquals(8 * MIB + 2, grown.length);
        for (int i = data.length; i < 8 * MIB; i++) {
            if (grown[i] != 0) {
                fail("byte " + i + " of the hole is " + grown[i]);
            }
        }
        assertEquals('t', grown[8 * MIB]);
        assertEquals('a', grown[8 * MIB + 1]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        FileTime past = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));
        Files.setLastModifiedTime(file, past);
        assertEquals(past, Files.getLastModifiedTime(file));

        Files.delete(file);
        assertFalse(Files.exists(file));
    }

    private static void checkDirectoryOfFiles(Path mnt) throws Exception {
        Path dir = Files.createDirectory(mnt.resolve("many"));
        for (int i = 0; i < FILES; i++) {
            Files.writeString(dir.resolve("file-" + i), "content of " + i);
        }
        Result ls = run(COMMAND_WAIT, "ls", "-1", dir.toString());
        assertEquals(0, ls.exit(), ls.toString());
        assertEquals(FILES, ls.output().lines().count(), "entries listed by ls -1");
        Result lsLong = run(COMMAND_WAIT, "ls", "-la", dir.toString());
        assertEquals(0, lsLong.exit(), lsLong.toString());
        assertEquals(FILES, lsLong.output().lines().filter(l -> l.startsWith("-")).count(), "files listed by ls -la");
        assertTrue(lsLong.output().lines().anyMatch(l -> l.startsWith("d") && l.endsWith(" ..")), lsLong.output());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(FILES, s.count(), "entries listed by java.nio");
        }

        // rename: a file within the directory, one out of it, then the directory itself (by mv)
        Files.move(dir.resolve("file-0"), dir.resolve("renamed-0"));
        assertFalse(Files.exists(dir.resolve("file-0")));
        assertEquals("content of 0", Files.readString(dir.resolve("renamed-0")));
        Files.move(dir.resolve("file-1"), mnt.resolve("moved-1"));
        assertEquals("content of 1", Files.readString(mnt.resolve("moved-1")));
        Path dir2 = mnt.resolve("many-renamed");
        Result mv = run(COMMAND_WAIT, "mv", dir.toString(), dir2.toString());
        assertEquals(0, mv.exit(), mv.toString());
        assertFalse(Files.exists(dir));
        assertEquals("content of 999", Files.readString(dir2.resolve("file-999")));

        // unlink: one by java.nio, the rest by find -delete; then rmdir
        Files.delete(mnt.resolve("moved-1"));
        assertThrows(NoSuchFileException.class, () -> Files.delete(mnt.resolve("moved-1")));
        assertThrows(DirectoryNotEmptyException.class, () -> Files.delete(dir2));
        Result find = run(COMMAND_WAIT, "find", dir2.toString(), "-type", "f", "-delete");
        assertEquals(0, find.exit(), find.toString());
        try (Stream<Path> s = Files.list(dir2)) {
            assertEquals(0, s.count(), "entries left after find -delete");
        }
        Result rmdir = run(COMMAND_WAIT, "rmdir", dir2.toString());
        assertEquals(0, rmdir.exit(), rmdir.toString());
        assertFalse(Files.exists(dir2));
        try (Stream<Path> s = Files.list(mnt)) {
            assertEquals(List.of("zero"), s.map(p -> p.getFileName().toString()).toList(), "the root at the end");
        }
    }

    private static void checkStatfs(Path mnt) throws Exception {
        Result df = run(COMMAND_WAIT, "df", "-P", mnt.toString());
        assertEquals(0, df.exit(), df.toString());
        assertTrue(df.output().lines().anyMatch(l -> l.endsWith(" " + mnt)), df.toString());
        Result dfi = run(COMMAND_WAIT, "df", "-i", mnt.toString());
        assertEquals(0, dfi.exit(), dfi.toString());
        assertTrue(Files.getFileStore(mnt).getTotalSpace() > 0, "statfs total space");
    }

    // ---------------------------------------------------------------- mounts and processes

    /** Waits until mountinfo lists {@code mnt} as a fuse mount; fails if the server dies first. */
    private static void awaitMounted(Process server, Path mnt, Path stderr) throws Exception {
        long deadline = System.nanoTime() + MOUNT_WAIT.toNanos();
        while (true) {
            Optional<String> type = mountType(mnt);
            if (type.isPresent()) {
                assertTrue(type.get().equals("fuse") || type.get().startsWith("fuse."),
                        mnt + " is mounted as " + type.get());
                return;
            }
            if (!server.isAlive()) {
                fail("memfs_ll exited with " + server.exitValue() + " before mounting; stderr: "
                        + Files.readString(stderr));
            }
            if (System.nanoTime() > deadline) {
                fail(mnt + " not in /proc/self/mountinfo after " + MOUNT_WAIT + "; stderr: " + Files.readString(stderr));
            }
            Thread.sleep(20);
        }
    }

    /** The file system type /proc/self/mountinfo gives {@code mnt} (the last mount on it), if any. */
    private static Optional<String> mountType(Path mnt) throws IOException {
        String want = mnt.toAbsolutePath().toString();
        Optional<String> type = Optional.empty();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length > 4 && dash > 4 && dash + 1 < f.length && unescape(f[4]).equals(want)) {
                type = Optional.of(f[dash + 1]);
            }
        }
        return type;
    }

    /** Undoes mountinfo's octal escapes ({@code \040} for a space and so on). */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Makes sure neither the server nor its mount survives: unmounts what is still mounted, waits
     * for the server, kills it if it does not go, and detaches the mount lazily as the last resort.
     * Returns whether anything had been left behind for the last resort.
     */
    private static boolean stopAndDetach(Process server, Path mnt) throws Exception {
        if (mountType(mnt).isPresent()) {
            Result u = run(COMMAND_WAIT, "umount", mnt.toString());
            if (u.exit() != 0) {
                run(COMMAND_WAIT, "fusermount3", "-u", mnt.toString());
            }
        }
        if (server != null && server.isAlive()) {
            if (!server.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                server.destroyForcibly();
                server.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        boolean leftover = false;
        for (int i = 0; i < 3 && mountType(mnt).isPresent(); i++) {
            leftover = true;
            run(COMMAND_WAIT, "umount", "-l", mnt.toString());
        }
        return leftover;
    }

    /**
     * Runs a program with its output (merged) in a file, never a pipe that could fill up; kills it
     * and its descendants if it takes longer than {@code timeout}.
     */
    private static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("pfuse-libfuse-cmd-", ".out");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                fail(String.join(" ", command) + " did not finish within " + timeout + "; output: "
                        + Files.readString(out));
            }
            return new Result(List.of(command), p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    // ---------------------------------------------------------------- small helpers

    private static int readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static void expectZeros(byte[] bytes, int length, String what) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] != 0) {
                fail(what + ": byte " + i + " is " + bytes[i] + ", not 0");
            }
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
