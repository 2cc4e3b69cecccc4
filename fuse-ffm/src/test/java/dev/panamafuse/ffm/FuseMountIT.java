package dev.panamafuse.ffm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import dev.panamafuse.mount.MountException;
import dev.panamafuse.mount.MountOptions;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import jnr.posix.FileStat;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real mounts (mount(2) as root) of a tiny read-only filesystem defined here, read back through
 * {@code java.nio.file}, jnr-posix (the independent oracle) and external programs.
 *
 * <p>Every mount is closed in {@code finally}; {@link #removeLeftovers()} detaches anything a
 * failing test might still have left and fails the test if it had to.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FuseMountIT {
    private static final POSIX POSIX = POSIXFactory.getPOSIX();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int O_WRONLY = 1;
    private static final int EIO = 5;

    private Path base;
    private Path dir;

    @BeforeEach
    void createMountpoint() throws IOException {
        base = Files.createTempDirectory("pfuse-it-");
        dir = Files.createDirectory(base.resolve("mnt"));
    }

    @AfterEach
    void removeLeftovers() throws Exception {
        boolean leftover = false;
        if (base != null) {
            for (int i = 0; i < 3 && isMounted(dir); i++) {
                leftover = true;
                run(List.of("umount", "-l", dir.toString()));
            }
            deleteTree(base);
        }
        assertFalse(leftover, "the test left a mount on " + dir + " (removed with umount -l)");
    }

    // ---------------------------------------------------------------- reading through the mount

    @Test
    void readsThroughNioAndJnrPosix() throws Exception {
        TwoFiles fs = new TwoFiles();
        FuseMount mount = Fuse.mount(dir, fs, MountOptions.defaults());
        try {
            assertTrue(mount.isMounted());
            assertEquals(dir.toAbsolutePath().normalize(), mount.mountpoint());
            assertNotNull(mount.connection());
            assertTrue(isMounted(dir), "/proc/mounts lists " + dir);

            Path a = dir.resolve(TwoFiles.A);
            assertEquals(TwoFiles.A_TEXT, Files.readString(a));
            assertArrayEquals(TwoFiles.A_TEXT.getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(a));
            assertEquals(List.of(TwoFiles.A, TwoFiles.BOOM), list(dir));

            // java.nio.file, basic and unix views
            BasicFileAttributes basic = Files.readAttributes(a, BasicFileAttributes.class);
            assertTrue(basic.isRegularFile());
            assertEquals(TwoFiles.A_TEXT.length(), basic.size());
            assertEquals(FileTime.from(TwoFiles.TIME), basic.lastModifiedTime());
            Map<String, Object> unix = Files.readAttributes(a, "unix:mode,uid,gid,nlink,ino,size");
            assertEquals(Mode.S_IFREG | 0444, unix.get("mode"));
            assertEquals(TwoFiles.UID, unix.get("uid"));
            assertEquals(TwoFiles.GID, unix.get("gid"));
            assertEquals(1, unix.get("nlink"));
            assertEquals(TwoFiles.A_INO, unix.get("ino"));
            assertEquals((long) TwoFiles.A_TEXT.length(), unix.get("size"));
            assertEquals(Mode.S_IFDIR | 0755, Files.getAttribute(dir, "unix:mode"));
            assertEquals(2, Files.getAttribute(dir, "unix:nlink"));
            assertEquals(TwoFiles.UID, Files.getAttribute(dir, "unix:uid"));
            assertTrue(Files.isDirectory(dir));

            // jnr-posix, the independent oracle
            FileStat st = stat(a.toString());
            assertTrue(st.isFile());
            assertEquals(Mode.S_IFREG | 0444, st.mode());
            assertEquals(TwoFiles.A_INO, st.ino());
            assertEquals(1, st.nlink());
            assertEquals(TwoFiles.UID, st.uid());
            assertEquals(TwoFiles.GID, st.gid());
            assertEquals(TwoFiles.A_TEXT.length(), st.st_size());
            assertEquals(TwoFiles.TIME.getEpochSecond(), st.mtime());
            FileStat root = lstat(dir.toString());
            assertTrue(root.isDirectory());
            assertEquals(Mode.S_IFDIR | 0755, root.mode());
            assertEquals(FileSystem.ROOT, root.ino());
            assertEquals(2, root.nlink());

            // and an external program
            Result cat = run(List.of("cat", a.toString()));
            assertEquals(0, cat.exit(), cat.toString());
            assertEquals(TwoFiles.A_TEXT, cat.out());
        } finally {
            mount.close();
        }
        assertFalse(isMounted(dir));
        assertEquals(1, fs.destroyed.get());
    }

    // ---------------------------------------------------------------- close and unmount

    @Test
    void closeUnmountsDestroysOnceAndIsIdempotent() throws Exception {
        TwoFiles fs = new TwoFiles();
        FuseMount mount = Fuse.mount(dir, fs, MountOptions.defaults());
        try {
            assertEquals(TwoFiles.A_TEXT, Files.readString(dir.resolve(TwoFiles.A)));
            assertEquals(0, fs.destroyed.get(), "destroy() before close");
            mount.close();
            assertFalse(isMounted(dir), "/proc/mounts still lists " + dir + " after close()");
            assertFalse(mount.isMounted());
            assertTrue(mount.awaitUnmount(Duration.ZERO));
            assertEquals(1, fs.destroyed.get());
            mount.close();
            mount.close();
            assertEquals(1, fs.destroyed.get(), "destroy() ran again on a second close()");
            assertFalse(Files.exists(dir.resolve(TwoFiles.A)), "the underlying empty directory shows again");
            assertTrue(Files.isDirectory(dir));
        } finally {
            mount.close();
        }
    }

    @Test
    void closeFromTwoThreadsAtOnce() throws Exception {
        TwoFiles fs = new TwoFiles();
        FuseMount mount = Fuse.mount(dir, fs, MountOptions.defaults());
        try {
            assertEquals(TwoFiles.A_TEXT, Files.readString(dir.resolve(TwoFiles.A)));
            CyclicBarrier start = new CyclicBarrier(2);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> closers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                closers.add(Thread.ofPlatform().name("closer-" + i).start(() -> {
                    try {
                        start.await(5, TimeUnit.SECONDS);
                        mount.close();
                        // close() returns only once the session has ended, on both threads
                        if (mount.isMounted()) {
                            throw new AssertionError("close() returned while still mounted");
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            for (Thread t : closers) {
                assertTrue(t.join(Duration.ofSeconds(20)), t.getName() + " did not return from close()");
            }
            if (failure.get() != null) {
                throw new AssertionError("a concurrent close() failed", failure.get());
            }
            assertFalse(isMounted(dir));
            assertEquals(1, fs.destroyed.get());
        } finally {
            mount.close();
        }
        assertEquals(1, fs.destroyed.get());
    }

    @Test
    void externalUmountEndsTheSession() throws Exception {
        TwoFiles fs = new TwoFiles();
        FuseMount mount = Fuse.mount(dir, fs, MountOptions.defaults());
        try {
            assertEquals(TwoFiles.A_TEXT, Files.readString(dir.resolve(TwoFiles.A)));
            assertFalse(mount.awaitUnmount(Duration.ofMillis(50)), "ended before anyone unmounted");
            Result umount = run(List.of("umount", dir.toString()));
            assertEquals(0, umount.exit(), umount.toString());
            assertTrue(mount.awaitUnmount(WAIT), "awaitUnmount did not see the external umount");
            assertFalse(mount.isMounted());
            assertFalse(isMounted(dir));
            assertEquals(1, fs.destroyed.get());
            mount.close();
            assertEquals(1, fs.destroyed.get(), "close() after an external umount ran destroy() again");
        } finally {
            mount.close();
        }
    }

    @Test
    void mountsAgainOnTheSameDirectoryAfterClose() throws Exception {
        for (int round = 1; round <= 2; round++) {
            TwoFiles fs = new TwoFiles();
            FuseMount mount = Fuse.mount(dir, fs, MountOptions.defaults());
            try {
                assertEquals(TwoFiles.A_TEXT, Files.readString(dir.resolve(TwoFiles.A)), "round " + round);
                assertEquals(List.of(TwoFiles.A, TwoFiles.BOOM), list(dir), "round " + round);
            } finally {
                mount.close();
            }
            assertFalse(isMounted(dir), "round " + round);
            assertEquals(1, fs.destroyed.get(), "round " + round);
        }
    }

    @Test
    void readaheadIsRaisedPastWhatInitCanAskFor() throws Exception {
        for (int wanted : new int[] {1 << 20, 0}) {
            FuseMount mount = Fuse.mount(dir, new TwoFiles(), MountOptions.builder().maxReadahead(wanted).build());
            try {
                long dev = ((Number) Files.getAttribute(dir, "unix:dev")).longValue();
                Path knob = Path.of("/sys/class/bdi/" + (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL)) + ":"
                        + ((dev & 0xff) | ((dev >>> 12) & ~0xffL)) + "/read_ahead_kb");
                int kib = Integer.parseInt(Files.readString(knob).strip());
                int negotiated = mount.connection().maxReadahead() / 1024;
                assertEquals(wanted == 0 ? negotiated : 1024, kib, knob + " with max_readahead=" + wanted);
            } finally {
                mount.close();
            }
        }
    }

    // ---------------------------------------------------------------- handler failures

    @Test
    void handlerExceptionIsEioAndTheMountLivesOn() throws Exception {
        TwoFiles fs = new TwoFiles();
        FuseMount mount = Fuse.mount(dir, fs, MountOptions.defaults());
        try {
            Path boom = dir.resolve(TwoFiles.BOOM);
            IOException e = assertThrows(IOException.class, () -> Files.readString(boom));
            assertTrue(String.valueOf(e.getMessage()).contains(Errno.EIO.description()), e.toString());

            // the same errno seen by a plain read(2) through jnr-posix
            int fd = POSIX.open(boom.toString(), 0, 0);
            assertTrue(fd >= 0, "open: errno " + POSIX.errno());
            try {
                long n = POSIX.read(fd, new byte[64], 64L);
                assertEquals(-1, n);
                assertEquals(EIO, POSIX.errno());
            } finally {
                POSIX.close(fd);
            }
            assertTrue(fs.reads.get() >= 2, "the throwing handler was called");

            // the session carries on
            assertTrue(mount.isMounted());
            assertEquals(TwoFiles.A_TEXT, Files.readString(dir.resolve(TwoFiles.A)));
            assertEquals(List.of(TwoFiles.A, TwoFiles.BOOM), list(dir));
            Result cat = run(List.of("cat", dir.resolve(TwoFiles.A).toString()));
            assertEquals(TwoFiles.A_TEXT, cat.out());
        } finally {
            mount.close();
        }
        assertEquals(1, fs.destroyed.get());
    }

    @Test
    void writeOpenIsRefusedByTheHandler() throws Exception {
        TwoFiles fs = new TwoFiles();
        FuseMount mount = Fuse.mount(dir, fs, MountOptions.defaults());
        try {
            int fd = POSIX.open(dir.resolve(TwoFiles.A).toString(), O_WRONLY, 0);
            if (fd >= 0) {
                POSIX.close(fd);
                fail("opening a 0444 file of a read-only filesystem for writing succeeded");
            }
            assertEquals(Errno.EACCES.code(), POSIX.errno());
        } finally {
            mount.close();
        }
    }

    // ---------------------------------------------------------------- mount errors

    @Test
    void missingMountpoint() {
        Path missing = dir.resolve("no-such-dir");
        MountException e = expectMountFailure(missing);
        assertEquals(MountException.Reason.MOUNTPOINT_MISSING, e.reason());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertOneLine(e.getMessage());
        assertFalse(Files.exists(missing));
    }

    @Test
    void regularFileAsMountpoint() throws IOException {
        Path file = Files.writeString(base.resolve("plain-file"), "x");
        MountException e = expectMountFailure(file);
        assertEquals(MountException.Reason.NOT_A_DIRECTORY, e.reason());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertOneLine(e.getMessage());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void alreadyMountedDirectoryIsRefusedAndTheMountKeepsWorking() throws Exception {
        // mount(2) would stack a second mount; like fusermount3's users expect, we refuse instead
        TwoFiles lower = new TwoFiles();
        FuseMount first = Fuse.mount(dir, lower, MountOptions.defaults());
        try {
            MountException e = assertThrows(MountException.class,
                    () -> Fuse.mount(dir, new TwoFiles(), MountOptions.builder().fsName("pfuse-upper").build()));
            assertEquals(MountException.Reason.ALREADY_MOUNTED, e.reason());
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            assertOneLine(e.getMessage());
            assertEquals(1, mountLines(dir).size(), mountLines(dir).toString());
            assertEquals(TwoFiles.A_TEXT, Files.readString(dir.resolve(TwoFiles.A)));
        } finally {
            first.close();
        }
        assertEquals(1, lower.destroyed.get());
        assertFalse(isMounted(dir));
    }

    // ---------------------------------------------------------------- options in /proc/mounts

    @Test
    void fsNameAndSubtypeShowInProcMounts() throws Exception {
        MountOptions options = MountOptions.builder().fsName("pfuse-src").subtype("pfusetest").build();
        FuseMount mount = Fuse.mount(dir, new TwoFiles(), options);
        try {
            List<String[]> lines = mountLines(dir);
            assertEquals(1, lines.size());
            String[] f = lines.get(0);
            assertEquals("pfuse-src", f[0]);
            assertEquals("fuse.pfusetest", f[2]);
            List<String> opts = List.of(f[3].split(","));
            assertTrue(opts.contains("rw"), f[3]);
            assertTrue(opts.contains("nosuid") && opts.contains("nodev"), f[3]);
            assertTrue(opts.contains("user_id=" + POSIX.getuid()), f[3]);
            assertTrue(opts.contains("group_id=" + POSIX.getgid()), f[3]);
            Result stat = run(List.of("stat", "-f", "-c", "%T", dir.toString()));
            assertEquals(0, stat.exit(), stat.toString());
        } finally {
            mount.close();
        }
        assertFalse(isMounted(dir));
    }

    @Test
    void defaultsShowAsPlainFuse() throws Exception {
        FuseMount mount = Fuse.mount(dir, new TwoFiles(), MountOptions.defaults());
        try {
            String[] f = mountLines(dir).get(0);
            assertEquals(MountOptions.defaults().kernel().fsName(), f[0]);
            assertEquals("fuse", f[2]);
        } finally {
            mount.close();
        }
    }

    @Test
    void readOnlyShowsAsRo() throws Exception {
        FuseMount mount = Fuse.mount(dir, new TwoFiles(), MountOptions.builder().readOnly(true).build());
        try {
            List<String[]> lines = mountLines(dir);
            assertEquals(1, lines.size());
            List<String> opts = List.of(lines.get(0)[3].split(","));
            assertEquals("ro", opts.get(0), lines.get(0)[3]);
            assertFalse(opts.contains("rw"), lines.get(0)[3]);
            FileSystemException e = assertThrows(FileSystemException.class,
                    () -> Files.createFile(dir.resolve("new-file")));
            assertEquals(Errno.EROFS.description(), e.getReason());
            assertEquals(TwoFiles.A_TEXT, Files.readString(dir.resolve(TwoFiles.A)));
        } finally {
            mount.close();
        }
        assertFalse(isMounted(dir));
    }

    // ---------------------------------------------------------------- the test filesystem

    /**
     * Root (0755) with {@code a.txt} ("alpha\n", 0444) and {@code boom} (0444, 4 bytes, whose
     * read handler throws a RuntimeException). Owner 4242:4343 so the ids are seen to pass through.
     */
    static final class TwoFiles implements FileSystem {
        static final String A = "a.txt";
        static final String A_TEXT = "alpha\n";
        static final String BOOM = "boom";
        static final long A_INO = 2;
        static final long BOOM_INO = 3;
        static final int UID = 4242;
        static final int GID = 4343;
        static final Instant TIME = Instant.parse("2021-02-03T04:05:06.789Z");

        private final Attr root = Attr.of(ROOT, Mode.S_IFDIR | 0755, 2, UID, GID, 0, TIME);
        private final Attr a = Attr.of(A_INO, Mode.S_IFREG | 0444, 1, UID, GID, A_TEXT.length(), TIME);
        private final Attr boom = Attr.of(BOOM_INO, Mode.S_IFREG | 0444, 1, UID, GID, 4, TIME);
        private final byte[] aBytes = A_TEXT.getBytes(StandardCharsets.US_ASCII);
        final AtomicInteger destroyed = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public void destroy() {
            destroyed.incrementAndGet();
        }

        @Override
        public Entry lookup(Request req, long parent, String name) {
            if (parent == ROOT && A.equals(name)) {
                return Entry.of(a);
            }
            if (parent == ROOT && BOOM.equals(name)) {
                return Entry.of(boom);
            }
            throw new FuseException(Errno.ENOENT);
        }

        @Override
        public Attr getattr(Request req, long nodeid, long fh) {
            if (nodeid == ROOT) {
                return root;
            }
            if (nodeid == A_INO) {
                return a;
            }
            if (nodeid == BOOM_INO) {
                return boom;
            }
            throw new FuseException(Errno.ENOENT);
        }

        @Override
        public OpenFile opendir(Request req, long nodeid, int flags) {
            if (nodeid != ROOT) {
                throw new FuseException(Errno.ENOTDIR);
            }
            return OpenFile.of(0);
        }

        @Override
        public void readdir(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
            String[] names = {".", "..", A, BOOM};
            long[] inos = {ROOT, ROOT, A_INO, BOOM_INO};
            int[] modes = {root.mode(), root.mode(), a.mode(), boom.mode()};
            for (int i = (int) offset; i < names.length; i++) {
                if (!filler.add(names[i], inos[i], modes[i], i + 1)) {
                    return;
                }
            }
        }

        @Override
        public OpenFile open(Request req, long nodeid, int flags) {
            if (nodeid != A_INO && nodeid != BOOM_INO) {
                throw new FuseException(Errno.EISDIR);
            }
            if ((flags & 3) != 0) {
                throw new FuseException(Errno.EACCES);
            }
            // direct_io on boom, so every read(2) reaches the (throwing) handler
            return OpenFile.of(nodeid, nodeid == BOOM_INO ? OpenFile.DIRECT_IO : 0);
        }

        @Override
        public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
            if (nodeid == BOOM_INO) {
                reads.incrementAndGet();
                throw new IllegalStateException("test handler failure (expected by FuseMountIT)");
            }
            if (offset >= aBytes.length) {
                return 0;
            }
            int n = (int) Math.min(dest.byteSize(), aBytes.length - offset);
            MemorySegment.copy(MemorySegment.ofArray(aBytes), offset, dest, 0, n);
            return n;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static MountException expectMountFailure(Path mountpoint) {
        FuseMount unexpected;
        try {
            unexpected = Fuse.mount(mountpoint, new TwoFiles(), MountOptions.defaults());
        } catch (MountException e) {
            return e;
        }
        unexpected.close();
        throw new AssertionError("mounting on " + mountpoint + " succeeded");
    }

    private static void assertOneLine(String message) {
        assertFalse(message.isBlank());
        assertFalse(message.contains("\n"), message);
    }

    private static List<String> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static FileStat stat(String path) {
        FileStat st = POSIX.allocateStat();
        int rc = POSIX.stat(path, st);
        assertEquals(0, rc, "stat(" + path + "): errno " + POSIX.errno());
        return st;
    }

    private static FileStat lstat(String path) {
        FileStat st = POSIX.allocateStat();
        int rc = POSIX.lstat(path, st);
        assertEquals(0, rc, "lstat(" + path + "): errno " + POSIX.errno());
        return st;
    }

    /** The fields of each /proc/mounts line whose mountpoint is {@code d}. */
    static List<String[]> mountLines(Path d) throws IOException {
        String target = d.toAbsolutePath().normalize().toString();
        List<String[]> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
            String[] f = line.split(" ");
            if (f.length >= 4 && unescape(f[1]).equals(target)) {
                found.add(f);
            }
        }
        return found;
    }

    static boolean isMounted(Path d) throws IOException {
        return !mountLines(d).isEmpty();
    }

    /** /proc/mounts writes space, tab, newline and backslash as octal escapes. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    record Result(int exit, String out, String err) {
    }

    /** Runs a program with a bounded wait; its output goes to files, so it can never block on a pipe. */
    static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("pfuse-out-", ".txt");
        Path err = Files.createTempFile("pfuse-err-", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    throw new AssertionError(command + " did not finish within 10 s");
                }
            } finally {
                if (p.isAlive()) {
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
