package dev.panamafuse.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountOptions;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A handler stuck forever does not block unmount; a JVM exit unmounts through the shutdown hook,
 * also when SIGTERM arrives while the mount is still being made.
 */
class LifecycleIT {
    private Path dir;

    @BeforeEach
    void mountpoint() throws IOException {
        dir = Files.createTempDirectory("pfuse-life-");
    }

    @AfterEach
    void cleanup() throws Exception {
        for (int i = 0; i < 3 && isMounted(dir); i++) {
            new ProcessBuilder("umount", "-l", dir.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(dir);
    }

    @Test
    void aHandlerStuckForeverDoesNotBlockClose() throws Exception {
        StuckReadFs fs = new StuckReadFs(null);
        FuseMount mount = Fuse.mount(dir, fs, MountOptions.builder().unmountGrace(Duration.ofSeconds(1)).build());
        Process cat = new ProcessBuilder("cat", dir.resolve(StuckReadFs.NAME).toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            assertTrue(fs.entered.await(10, TimeUnit.SECONDS), "the client never reached the handler");
            long start = System.nanoTime();
            mount.close();
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(took < 15_000, "close took " + took + " ms");
            assertFalse(mount.isMounted());
            assertFalse(isMounted(dir), "the mount should be detached");
            assertTrue(cat.waitFor(10, TimeUnit.SECONDS), "the stuck client should be released by the abort");
        } finally {
            fs.release.countDown();
            cat.destroyForcibly();
            mount.close();
        }
    }

    @Test
    void jvmExitUnmountsThroughTheShutdownHook() throws Exception {
        Result r = runExiting();
        assertEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("MOUNTED"), r.output);
        assertFalse(isMounted(dir), "the shutdown hook should have unmounted " + dir);
    }

    @Test
    void withoutTheHookAJvmExitLeavesADeadMount() throws Exception {
        Result r = runExiting("no-hook");
        assertEquals(0, r.exit, r.output);
        assertTrue(isMounted(dir), "without the hook the kernel keeps the (dead) mount");
    }

    @Test
    void sigtermRightAfterTheMountAppearsLeavesNoMount() throws Exception {
        for (int delayMs : new int[] {0, 0, 10, 10, 50, 100}) {
            Path log = Files.createTempFile("pfuse-signalled-", ".txt");
            Process p = new ProcessBuilder(childCommand("serve")).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            try {
                awaitInMountinfo(dir, p, Duration.ofSeconds(30));
                Thread.sleep(delayMs);
                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "SIGTERM " + delayMs + " ms after the mount appeared:"
                        + " the child JVM did not exit: " + Files.readString(log));
                assertFalse(isMounted(dir), "SIGTERM " + delayMs + " ms after the mount appeared left a mount on "
                        + dir + ": " + Files.readString(log));
            } finally {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                cleanup();
                Files.createDirectories(dir);
                Files.deleteIfExists(log);
            }
        }
    }

    /** Polls /proc/self/mountinfo (bounded) until it lists {@code d}. */
    static void awaitInMountinfo(Path d, Process child, Duration limit) throws Exception {
        String target = " " + d.toAbsolutePath() + " ";
        long deadline = System.nanoTime() + limit.toNanos();
        while (Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().noneMatch(l -> l.contains(target))) {
            assertTrue(child.isAlive(), "the child exited with " + (child.isAlive() ? 0 : child.exitValue())
                    + " before mounting on " + d);
            assertTrue(System.nanoTime() < deadline, "no mount on " + d + " within " + limit);
            Thread.onSpinWait();
        }
    }

    private record Result(int exit, String output) {
    }

    private List<String> childCommand(String... extra) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ExitingMount.class.getName(), dir.toString()));
        command.addAll(List.of(extra));
        return command;
    }

    private Result runExiting(String... extra) throws Exception {
        List<String> command = childCommand(extra);
        File log = Files.createTempFile("pfuse-exiting-", ".txt").toFile();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not exit");
            return new Result(p.exitValue(), Files.readString(log.toPath(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log.toPath());
        }
    }

    private static boolean isMounted(Path d) throws IOException {
        String target = " " + d.toAbsolutePath() + " ";
        return Files.readAllLines(Path.of("/proc/mounts")).stream().anyMatch(l -> l.contains(target));
    }
}
