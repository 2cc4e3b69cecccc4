package dev.panamafuse.examples.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.panamafuse.ffm.Fuse;
import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountOptions;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jnr.posix.FileStat;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HelloFs} mounted in this JVM with {@code Fuse.mount} (mount(2), as root) and looked at by
 * separate processes ({@code ls}, {@code stat}, {@code cat}), by jnr-posix and by
 * {@code java.nio.file}. One mount serves the whole class; it is closed in {@link #unmount()},
 * which also checks that /proc/mounts no longer lists it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HelloFsIT {
    private static final POSIX POSIX = POSIXFactory.getPOSIX();
    private static final int O_WRONLY = 1;
    private static final int O_RDWR = 2;

    private static Path base;
    private static Path dir;
    private static Path hello;
    private static FuseMount mount;

    @BeforeAll
    static void mountHello() throws IOException {
        base = Files.createTempDirectory("pfuse-hello-");
        dir = Files.createDirectory(base.resolve("mnt"));
        hello = dir.resolve(HelloFs.NAME);
        mount = Fuse.mount(dir, new HelloFs(), MountOptions.defaults());
    }

    @AfterAll
    static void unmount() throws Exception {
        try {
            if (mount != null) {
                mount.close();
                assertFalse(mount.isMounted());
            }
        } finally {
            boolean leftover = false;
            for (int i = 0; dir != null && i < 3 && isMounted(dir); i++) {
                leftover = true;
                run("umount", "-l", dir.toString());
            }
            deleteTree(base);
            assertFalse(leftover, "close() left " + dir + " in /proc/mounts (removed with umount -l)");
        }
    }

    @Test
    void mountIsListed() throws IOException {
        assertTrue(mount.isMounted());
        assertTrue(isMounted(dir), "/proc/mounts lists " + dir);
    }

    @Test
    void lsLongListsHello() throws Exception {
        Result ls = run("ls", "-l", dir.toString());
        assertEquals(0, ls.exit(), ls.toString());
        List<String> entries = ls.out().lines().filter(l -> !l.startsWith("total ")).toList();
        assertEquals(1, entries.size(), ls.out());
        String line = entries.get(0);
        assertTrue(line.matches("-r--r--r-- +1 +\\S+ +\\S+ +14 .* hello"), line);
    }

    @Test
    void statShowsModeSizeAndType() throws Exception {
        Result stat = run("stat", "-c", "%a %s %F", hello.toString());
        assertEquals(0, stat.exit(), stat.toString());
        assertEquals("444 14 regular file\n", stat.out());
        Result root = run("stat", "-c", "%a %F %h", dir.toString());
        assertEquals("755 directory 2\n", root.out(), root.toString());
    }

    @Test
    void catPrintsHello() throws Exception {
        Result cat = run("cat", hello.toString());
        assertEquals(0, cat.exit(), cat.toString());
        assertEquals("Hello, World!\n", cat.out());
        assertEquals("", cat.err());
    }

    @Test
    void openingForWritingIsRefused() throws Exception {
        IOException e = assertThrows(IOException.class, () -> {
            try (OutputStream out = Files.newOutputStream(hello, StandardOpenOption.WRITE)) {
                out.write('x');
            }
        });
        assertTrue(e instanceof java.nio.file.AccessDeniedException
                || String.valueOf(e.getMessage()).contains("Permission denied"), e.toString());

        for (int flags : new int[] {O_WRONLY, O_RDWR}) {
            int fd = POSIX.open(hello.toString(), flags, 0);
            if (fd >= 0) {
                POSIX.close(fd);
                fail("open(" + hello + ", " + flags + ") succeeded");
            }
            assertEquals(13, POSIX.errno(), "errno of open with flags " + flags); // EACCES
        }
        // nothing changed
        assertEquals("Hello, World!\n", Files.readString(hello));
        assertEquals(14, Files.size(hello));
    }

    @Test
    void missingNameIsEnoent() throws Exception {
        Result ls = run("ls", dir.resolve("missing").toString());
        assertNotEquals(0, ls.exit());
        assertTrue(ls.err().contains("No such file or directory"), ls.toString());
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    @Test
    void statfsWorks() throws Exception {
        Result plain = run("stat", "-f", dir.toString());
        assertEquals(0, plain.exit(), plain.toString());
        assertTrue(plain.out().contains(dir.toString()), plain.out());
        // HelloFs.statfs: 1 block of 4096 bytes, none free, 2 inodes, none free
        Result fields = run("stat", "-f", "-c", "%b %f %a %c %d %S %l", dir.toString());
        assertEquals("1 0 0 2 0 4096 255\n", fields.out(), fields.toString());
    }

    @Test
    void javaNioSeesOneFile() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(HelloFs.NAME), s.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(14, Files.size(hello));
        assertTrue(Files.isRegularFile(hello));
        assertTrue(Files.isDirectory(dir));
        assertEquals("Hello, World!\n", Files.readString(hello));
        assertEquals(0100444, Files.getAttribute(hello, "unix:mode"));
        assertEquals(1, Files.getAttribute(hello, "unix:nlink"));
    }

    @Test
    void jnrPosixStat() {
        FileStat st = POSIX.allocateStat();
        assertEquals(0, POSIX.stat(hello.toString(), st), "errno " + POSIX.errno());
        assertEquals(0100444, st.mode());
        assertEquals(14, st.st_size());
        assertEquals(1, st.nlink());
        assertEquals(POSIX.getuid(), st.uid());
        assertEquals(POSIX.getgid(), st.gid());
        FileStat root = POSIX.allocateStat();
        assertEquals(0, POSIX.lstat(dir.toString(), root), "errno " + POSIX.errno());
        assertEquals(040755, root.mode());
        assertEquals(1, root.ino());
        assertEquals(-1, POSIX.stat(dir.resolve("missing").toString(), POSIX.allocateStat()));
        assertEquals(2, POSIX.errno()); // ENOENT
    }

    // ---------------------------------------------------------------- helpers

    record Result(int exit, String out, String err) {
    }

    /** Runs a program with a bounded wait; output goes to files, so it never blocks on a pipe. */
    static Result run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("pfuse-out-", ".txt");
        Path err = Files.createTempFile("pfuse-err-", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    throw new AssertionError(List.of(command) + " did not finish within 10 s");
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

    static boolean isMounted(Path d) throws IOException {
        String target = d.toAbsolutePath().normalize().toString();
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
            String[] f = line.split(" ");
            if (f.length >= 2 && f[1].replace("\\040", " ").equals(target)) {
                found.add(line);
            }
        }
        return !found.isEmpty();
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
