package dev.panamafuse.benchmarks.peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Starts each Java peer as a child JVM on this test's class path, mounts it, and checks the
 * contract of {@code benchmarks/peers/README.md} with real programs and java.nio. Every mount is
 * unmounted and every child ended before a test returns.
 */
class JavaPeersIT {
    private static final long GIB = 1L << 30;
    private static final int MIB = 1 << 20;
    private static final long MOUNT_WAIT_MILLIS = 20_000;
    private static final long EXIT_WAIT_SECONDS = 20;

    @ParameterizedTest
    @ValueSource(classes = {JfuseServer.class, JnrFuseServer.class})
    void servesTheTreeAndExitsZeroWhenUnmounted(Class<?> server) throws Exception {
        try (Child child = Child.start(server)) {
            child.check(() -> {
                Path m = child.mountpoint;
                zeroFile(m);
                dataRoundTrip(m);
                directories(m);
                setattr(m);
                Run df = run("df", m.toString());
                assertEquals(0, df.exit, "df: " + df.err);
                assertTrue(df.text().contains(m.toString()), df.text());
                Run umount = run("umount", m.toString());
                assertEquals(0, umount.exit, "umount: " + umount.err);
                assertEquals(0, child.awaitExit(), "exit status after an unmount from outside");
                assertFalse(MountTable.isFuseMounted(m), "still mounted after exit");
                assertEquals("", child.stdout(), "stdout");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {JfuseServer.class, JnrFuseServer.class})
    void unmountsAndExitsZeroOnSigterm(Class<?> server) throws Exception {
        try (Child child = Child.start(server)) {
            child.check(() -> {
                assertEquals(4 * GIB, Files.size(child.mountpoint.resolve("zero")));
                child.process.destroy(); // SIGTERM
                assertEquals(0, child.awaitExit(), "exit status after SIGTERM");
                assertFalse(MountTable.isFuseMounted(child.mountpoint), "still mounted after SIGTERM");
            });
        }
    }

    private static void zeroFile(Path m) throws Exception {
        Path zero = m.resolve("zero");
        assertEquals(String.valueOf(4 * GIB), run("stat", "-c", "%s", zero.toString()).text().strip());
        assertEquals("444", run("stat", "-c", "%a", zero.toString()).text().strip());
        assertEquals(4 * GIB, Files.size(zero));
        for (long skipMib : new long[] {0, 3 * 1024}) {
            Run dd = run("dd", "if=" + zero, "bs=1M", "count=1", "skip=" + skipMib, "status=none");
            assertEquals(0, dd.exit, "dd: " + dd.err);
            assertArrayEquals(new byte[MIB], dd.out, "1 MiB of zeros at MiB " + skipMib);
        }
        assertThrows(IOException.class, () -> Files.newOutputStream(zero).close(), "/zero opened for writing");
    }

    private static void dataRoundTrip(Path m) throws Exception {
        byte[] data = new byte[3 * MIB + 12345];
        new Random(42).nextBytes(data);
        Path file = m.resolve("data.bin");
        Files.write(file, data);
        assertArrayEquals(data, Files.readAllBytes(file), "read back through java.nio");
        Path local = Files.createTempFile("jpeers", ".bin");
        try {
            Files.write(local, data);
            Path copy = m.resolve("dd.bin");
            Run dd = run("dd", "if=" + local, "of=" + copy, "bs=1M", "oflag=direct", "status=none");
            assertEquals(0, dd.exit, "dd write: " + dd.err);
            Run cmp = run("cmp", local.toString(), copy.toString());
            assertEquals(0, cmp.exit, "cmp: " + cmp.text() + cmp.err);
        } finally {
            Files.delete(local);
        }
    }

    private static void directories(Path m) throws Exception {
        Path dir = m.resolve("many");
        assertEquals(0, run("mkdir", dir.toString()).exit);
        for (int i = 0; i < 1000; i++) {
            Files.createFile(dir.resolve("f" + i));
        }
        Files.writeString(dir.resolve("f7"), "seven");
        assertEquals(1000, lines(run("ls", "-1", dir.toString())));
        assertEquals(0, run("mv", dir.resolve("f0").toString(), dir.resolve("g0").toString()).exit);
        assertTrue(Files.exists(dir.resolve("g0")) && !Files.exists(dir.resolve("f0")), "renamed file");
        Path moved = m.resolve("moved");
        assertEquals(0, run("mv", dir.toString(), moved.toString()).exit);
        assertEquals("seven", Files.readString(moved.resolve("f7")), "file inside a renamed directory");
        assertEquals(0, run("rm", moved.resolve("g0").toString()).exit);
        assertEquals(999, lines(run("ls", "-1", moved.toString())));
        assertTrue(run("rmdir", moved.toString()).exit != 0, "rmdir of a non-empty directory succeeded");
        for (int i = 1; i < 1000; i++) {
            Files.delete(moved.resolve("f" + i));
        }
        Run rmdir = run("rmdir", moved.toString());
        assertEquals(0, rmdir.exit, "rmdir: " + rmdir.err);
        assertFalse(Files.exists(moved));
    }

    private static void setattr(Path m) throws Exception {
        Path f = m.resolve("data.bin");
        assertEquals(0, run("truncate", "-s", "100", f.toString()).exit);
        assertEquals(100, Files.size(f));
        assertEquals(0, run("chmod", "600", f.toString()).exit);
        assertEquals(0, run("touch", "-m", "-d", "@1000000000", f.toString()).exit);
        assertEquals("600 1000000000", run("stat", "-c", "%a %Y", f.toString()).text().strip());
        assertEquals(0, run("rm", f.toString(), m.resolve("dd.bin").toString()).exit);
        try (var entries = Files.list(m)) {
            assertEquals(List.of("zero"), entries.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static int lines(Run r) {
        assertEquals(0, r.exit, r.err);
        return (int) r.text().lines().count();
    }

    /** Runs a program to its end (at most 60 s); its output goes through temporary files. */
    private static Run run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jpeers-out", ".txt");
        Path err = Files.createTempFile("jpeers-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
            }
            return new Run(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    /** A finished program: exit status, standard output, standard error. */
    private record Run(int exit, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    /** Checks that may throw anything. */
    private interface Body {
        void run() throws Exception;
    }

    /** A server in a child JVM, with its mount point and its captured stdout and stderr. */
    private static final class Child implements AutoCloseable {
        final Path mountpoint;
        final Process process;
        private final Path stdout;
        private final Path stderr;

        private Child(Path mountpoint, Process process, Path stdout, Path stderr) {
            this.mountpoint = mountpoint;
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        static Child start(Class<?> main) throws Exception {
            Path mountpoint = Files.createTempDirectory("jpeers-mnt").toRealPath();
            Path stdout = Files.createTempFile("jpeers-server", ".out");
            Path stderr = Files.createTempFile("jpeers-server", ".err");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "--enable-native-access=ALL-UNNAMED"));
            if (Runtime.version().feature() >= 23) {
                command.add("--sun-misc-unsafe-memory-access=allow");
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), mountpoint.toString()));
            Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                    .start();
            Child child = new Child(mountpoint, p, stdout, stderr);
            try {
                child.awaitMounted(main.getSimpleName());
            } catch (Throwable t) {
                child.close();
                throw t;
            }
            return child;
        }

        private void awaitMounted(String name) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MOUNT_WAIT_MILLIS);
            while (!MountTable.isFuseMounted(mountpoint)) {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + " before mounting"
                            + serverOutput());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(name + " not mounted on " + mountpoint + " after " + MOUNT_WAIT_MILLIS
                            + " ms" + serverOutput());
                }
                Thread.sleep(20);
            }
        }

        /** Runs checks; a failure's message gets the server's stderr. */
        void check(Body body) throws Exception {
            try {
                body.run();
            } catch (Exception | AssertionError e) {
                throw new AssertionError(e + serverOutput(), e);
            }
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("server still running " + EXIT_WAIT_SECONDS + " s later");
            }
            return process.exitValue();
        }

        String stdout() throws IOException {
            return Files.readString(stdout);
        }

        private String serverOutput() {
            try {
                return "\n--- server stderr ---\n" + Files.readString(stderr) + "\n--- server stdout ---\n" + stdout();
            } catch (IOException e) {
                return "\n(server output unreadable: " + e + ")";
            }
        }

        /** Unmounts if still mounted, ends the child (forcibly if stuck), removes the files. */
        @Override
        public void close() throws IOException {
            try {
                if (MountTable.isFuseMounted(mountpoint) && run("umount", mountpoint.toString()).exit != 0) {
                    run("umount", "-l", mountpoint.toString());
                }
                if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
                }
                if (MountTable.isFuseMounted(mountpoint)) {
                    run("umount", "-l", mountpoint.toString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            } finally {
                Files.deleteIfExists(mountpoint);
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        }
    }
}
