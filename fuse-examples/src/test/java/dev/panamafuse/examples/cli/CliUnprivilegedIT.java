package dev.panamafuse.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/panamafuse} run as user nobody (uid 65534), so it mounts through fusermount3:
 * with {@code -o auto_unmount}, a {@code kill -9} of the CLI leaves no mount behind within 2 s;
 * a missing fusermount3 and a refused {@code allow_other} give their own exit codes, and so does
 * an unmount of a directory where nothing is mounted (with fusermount3's reason); a passthrough
 * mount, unable to register backing files without root, serves reads and writes itself.
 *
 * <p>{@code /dev/fuse} is root-only on these machines and fusermount3 opens it as the caller, so
 * the CLI runs in a private mount namespace where a 0666 node for the same device (10:229) covers
 * {@code /dev/fuse}; the mountpoint sits under a shared bind mount so the FUSE mount made in that
 * namespace shows in this one.
 */
class CliUnprivilegedIT {
    private static final int NOBODY = 65534;

    private Path base;
    private Path shared;
    private Path dir;
    private final List<Path> bound = new ArrayList<>();
    private Process cli;

    @BeforeEach
    void setUp() throws Exception {
        base = Files.createTempDirectory("pfuse-cli-nobody-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        shared = Files.createDirectory(base.resolve("shared"));
        dir = Files.createDirectory(shared.resolve("mnt"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        run("chown", Integer.toString(NOBODY), dir.toString());
        run("mount", "--bind", base.toString(), base.toString());
        bound.add(base);
        run("mount", "--make-private", base.toString());
        run("mount", "--bind", shared.toString(), shared.toString());
        bound.add(0, shared);
        run("mount", "--make-shared", shared.toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (cli != null && cli.isAlive()) {
            cli.destroyForcibly();
            cli.waitFor(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 3 && isMounted(dir); i++) {
            new ProcessBuilder("umount", "-l", dir.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
        for (Path p : bound) {
            new ProcessBuilder("umount", "-l", p.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
        new ProcessBuilder("rm", "-rf", base.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void autoUnmountRemovesTheMountWithin2sOfKill9() throws Exception {
        Path out = base.resolve("out.txt");
        Path err = base.resolve("err.txt");
        cli = new ProcessBuilder(asNobodyWithDevice(launcher().toString(), "mount", "memory", "-o", "auto_unmount",
                dir.toString())).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.readString(out).contains("mounted memory on")) {
            assertTrue(cli.isAlive(), "the CLI exited: " + Files.readString(out) + Files.readString(err));
            assertTrue(System.nanoTime() < deadline, "not mounted within 30 s: " + Files.readString(err));
            Thread.sleep(20);
        }
        assertTrue(isMounted(dir), "/proc/mounts should list " + dir);
        assertTrue(mountLine(dir).contains("user_id=" + NOBODY), mountLine(dir));
        cli.destroyForcibly(); // SIGKILL to the JVM (the launcher execs it)
        assertTrue(cli.waitFor(10, TimeUnit.SECONDS));
        long gone = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (isMounted(dir) && System.nanoTime() < gone) {
            Thread.sleep(20);
        }
        assertFalse(isMounted(dir), "auto_unmount: the mount outlived the CLI by more than 2 s");
    }

    @Test
    void passthroughWithoutRootServesThroughTheDaemon() throws Exception {
        Path source = Files.createDirectory(base.resolve("source"));
        Files.writeString(source.resolve("f"), "read by nobody");
        run("chown", "-R", NOBODY + ":" + NOBODY, source.toString());
        Path out = base.resolve("out.txt");
        Path err = base.resolve("err.txt");
        cli = new ProcessBuilder(asNobodyWithDevice(launcher().toString(), "mount", "passthrough", "-o",
                "auto_unmount", source.toString(), dir.toString())).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.readString(out).contains("mounted passthrough on")) {
            assertTrue(cli.isAlive(), "the CLI exited: " + Files.readString(out) + Files.readString(err));
            assertTrue(System.nanoTime() < deadline, "not mounted within 30 s: " + Files.readString(err));
            Thread.sleep(20);
        }
        Result cat = launch(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                "cat", dir.resolve("f").toString()));
        assertEquals(new Result(0, "read by nobody", ""), cat);
        Result write = launch(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                "sh", "-c", "printf new > '" + dir.resolve("g") + "'"));
        assertEquals(0, write.exit(), write.toString());
        assertEquals("new", Files.readString(source.resolve("g")));
        String log = Files.readString(err);
        assertTrue(log.contains("kernel passthrough turned off"), "registering a backing file needs root: " + log);
        assertEquals(1, log.lines().filter(l -> l.contains("kernel passthrough")).count(), "warned once: " + log);
        cli.destroy(); // SIGTERM: the CLI unmounts through fusermount3 and exits 0
        assertTrue(cli.waitFor(15, TimeUnit.SECONDS), "the CLI did not exit: " + Files.readString(err));
        assertEquals(0, cli.exitValue(), Files.readString(err));
        assertFalse(isMounted(dir));
    }

    @Test
    void missingFusermountExits12() throws Exception {
        List<String> command = new ArrayList<>(List.of("env", "PANAMAFUSE_FUSERMOUNT=/nonexistent/fusermount3"));
        command.addAll(asNobodyWithDevice(launcher().toString(), "mount", "hello", dir.toString()));
        Result r = launch(command);
        assertEquals(12, r.exit, r.toString());
        assertOneLine(r, "fuse3");
    }

    @Test
    void allowOtherWithoutUserAllowOtherExits13() throws Exception {
        String conf = Files.exists(Path.of("/etc/fuse.conf")) ? Files.readString(Path.of("/etc/fuse.conf")) : "";
        assertFalse(conf.lines().anyMatch(l -> l.strip().equals("user_allow_other")),
                "this check needs an /etc/fuse.conf without user_allow_other");
        Result r = launch(asNobodyWithDevice(launcher().toString(), "mount", "hello", "-o", "allow_other",
                dir.toString()));
        assertEquals(13, r.exit, r.toString());
        assertOneLine(r, "/etc/fuse.conf");
        assertFalse(isMounted(dir));
    }

    @Test
    void sigtermRightAfterTheFusermountMountAppearsLeavesNoMount() throws Exception {
        for (int delayMs : new int[] {0, 10, 50, 100}) {
            Path out = base.resolve("out-" + delayMs + ".txt");
            Path err = base.resolve("err-" + delayMs + ".txt");
            cli = new ProcessBuilder(asNobodyWithDevice(launcher().toString(), "mount", "memory", dir.toString()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            CliIT.awaitInMountinfo(dir, cli, Duration.ofSeconds(30));
            Thread.sleep(delayMs);
            // SIGTERM to the JVM as nobody (unshare and sh exec into it)
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(cli.pid())).start().waitFor());
            String when = "SIGTERM " + delayMs + " ms after the mount appeared: ";
            assertTrue(cli.waitFor(20, TimeUnit.SECONDS), when + "the CLI did not exit: " + Files.readString(err));
            assertFalse(isMounted(dir), when + "a mount was left: " + Files.readString(out) + Files.readString(err));
            assertEquals(0, cli.exitValue(), when + Files.readString(out) + Files.readString(err));
        }
    }

    @Test
    void unmountOfNothingExits14WithFusermountsReason() throws Exception {
        Result r = launch(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                launcher().toString(), "unmount", dir.toString()));
        assertEquals(14, r.exit, "the same exit code as root's: " + r);
        assertOneLine(r, "nothing is mounted on " + dir);
        assertTrue(r.err().contains("not found in /etc/mtab"), "fusermount3's own reason: " + r);
    }

    private record Result(int exit, String out, String err) {
    }

    private Result launch(List<String> command) throws Exception {
        Path out = Files.createTempFile(base, "out-", ".txt");
        Path err = Files.createTempFile(base, "err-", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not exit within 60 s");
        } finally {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static void assertOneLine(Result r, String mention) {
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.toString());
        assertTrue(lines.get(0).startsWith("panamafuse: ") && lines.get(0).contains(mention), r.toString());
        assertFalse(r.err().contains("Exception"), r.toString());
    }

    /** The command run as nobody in a mount namespace where nobody may open /dev/fuse. */
    private List<String> asNobodyWithDevice(String... command) throws IOException {
        Path devDir = Files.createDirectories(base.resolve("dev"));
        String node = devDir.resolve("fuse").toString();
        List<String> c = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "unchanged", "sh", "-c",
                "mount --make-rprivate /dev && mount -t tmpfs -o mode=755 pfuse-dev '" + devDir + "'"
                        + " && mknod -m 0666 '" + node + "' c 10 229 && mount --bind '" + node + "' /dev/fuse"
                        + " && exec \"$0\" \"$@\"",
                "setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        c.addAll(List.of(command));
        return c;
    }

    private static Path launcher() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin/panamafuse"))) {
                return p.resolve("bin/panamafuse");
            }
        }
        throw new AssertionError("bin/panamafuse not found above " + System.getProperty("user.dir"));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), List.of(command) + " hung");
        assertEquals(0, p.exitValue(), List.of(command) + ": " + new String(p.getInputStream().readAllBytes()));
    }

    private static String mountLine(Path d) throws IOException {
        String target = " " + d + " ";
        return Files.readAllLines(Path.of("/proc/mounts")).stream().filter(l -> l.contains(target)).findFirst()
                .orElse("");
    }

    private static boolean isMounted(Path d) throws IOException {
        return !mountLine(d).isEmpty();
    }
}
