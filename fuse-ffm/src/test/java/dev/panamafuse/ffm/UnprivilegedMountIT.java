package dev.panamafuse.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.ffm.internal.Fusermount;
import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountException;
import dev.panamafuse.mount.MountMethod;
import dev.panamafuse.mount.MountOptions;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mounting through {@code fusermount3}: as root with {@code mount_method=fusermount}, and as
 * user {@code nobody} in a child JVM started through {@code setpriv}, with and without
 * {@code auto_unmount}; a missing fusermount3; {@code allow_other} refused.
 *
 * <p>Every mount is removed in {@code finally}; {@link #removeLeftovers()} fails the test if it
 * had to remove one.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class UnprivilegedMountIT {
    private static final int NOBODY = 65534;
    private static final Duration START = Duration.ofSeconds(30);

    private Path base;
    private Path shared;
    private Path dir;
    private Process child;
    private boolean sharedBound;
    private boolean baseBound;

    @BeforeEach
    void createMountpoint() throws IOException {
        base = Files.createTempDirectory("pfuse-unpriv-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        shared = Files.createDirectory(base.resolve("shared"));
        dir = Files.createDirectory(shared.resolve("mnt"));
    }

    @AfterEach
    void removeLeftovers() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        boolean leftover = false;
        if (base != null) {
            for (int i = 0; i < 3 && FuseMountIT.isMounted(dir); i++) {
                leftover = true;
                run(List.of("umount", "-l", dir.toString()), Duration.ofSeconds(10));
            }
            if (sharedBound) {
                Result r = run(List.of("umount", "-l", shared.toString()), Duration.ofSeconds(10));
                assertEquals(0, r.exit(), "removing the shared bind mount: " + r);
            }
            if (baseBound) {
                Result r = run(List.of("umount", "-l", base.toString()), Duration.ofSeconds(10));
                assertEquals(0, r.exit(), "removing the private bind mount: " + r);
            }
            try (Stream<Path> s = Files.walk(base)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        assertFalse(leftover, "the test left a mount on " + dir + " (removed with umount -l)");
    }

    // ---------------------------------------------------------------- (a) root through fusermount3

    @Test
    void rootMountsThroughFusermount() throws Exception {
        MountOptions options = MountOptions.builder().mountMethod(MountMethod.FUSERMOUNT).readOnly(true)
                .fsName("pfuse-fusermount").subtype("unpriv").build();
        FuseMount mount = Fuse.mount(dir, new FuseMountIT.TwoFiles(), options);
        try {
            assertTrue(mount.isMounted());
            List<String[]> lines = FuseMountIT.mountLines(dir);
            assertEquals(1, lines.size());
            assertEquals("pfuse-fusermount", lines.get(0)[0]);
            assertEquals("fuse.unpriv", lines.get(0)[2]);
            assertTrue(lines.get(0)[3].startsWith("ro,"), lines.get(0)[3]);
            assertEquals(FuseMountIT.TwoFiles.A_TEXT, Files.readString(dir.resolve(FuseMountIT.TwoFiles.A)));
        } finally {
            mount.close();
        }
        assertFalse(mount.isMounted());
        assertFalse(FuseMountIT.isMounted(dir), "still in /proc/mounts after close");
        mount.close(); // idempotent
    }

    @Test
    void rootWithAutoUnmountUsesFusermountAndCloses() throws Exception {
        MountOptions options = MountOptions.builder().autoUnmount(true).build();
        FuseMount mount = Fuse.mount(dir, new FuseMountIT.TwoFiles(), options);
        try {
            assertEquals(FuseMountIT.TwoFiles.A_TEXT, Files.readString(dir.resolve(FuseMountIT.TwoFiles.A)));
            assertTrue(helperRunningFor(dir), "fusermount3 stays alive with auto_unmount");
        } finally {
            mount.close();
        }
        assertFalse(FuseMountIT.isMounted(dir), "still in /proc/mounts after close");
        assertFalse(helperRunningFor(dir), "fusermount3 still running after close");
    }

    @Test
    void fusermountRefusalCarriesItsMessage() throws Exception {
        // blksize is for fuseblk only: the kernel refuses it, and fusermount3 says so on stderr
        MountOptions options = MountOptions.builder().mountMethod(MountMethod.FUSERMOUNT).blksize(4096).build();
        MountException e = assertThrows(MountException.class,
                () -> Fuse.mount(dir, new FuseMountIT.TwoFiles(), options).close());
        assertEquals(MountException.Reason.BAD_OPTIONS, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("fusermount3: ") && e.getMessage().contains("Invalid argument"),
                e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(FuseMountIT.isMounted(dir));
        assertFalse(helperRunningFor(dir));
    }

    // ---------------------------------------------------------------- (b) as nobody

    @Test
    void nobodyMountsAndAutoUnmountRemovesTheMountWhenKilled() throws Exception {
        prepareForNobody();
        child = startAsNobody(dir, "auto_unmount");
        expectMounted();
        List<String[]> lines = FuseMountIT.mountLines(dir);
        assertTrue(lines.get(0)[3].contains("user_id=" + NOBODY), lines.get(0)[3]);
        assertEquals("hello from nobody\n", catAsNobody(dir.resolve("hello")));
        // without allow_other even root is kept out of another user's FUSE mount
        assertThrows(IOException.class, () -> Files.readString(dir.resolve("hello")));

        child.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (FuseMountIT.isMounted(dir) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(FuseMountIT.isMounted(dir), "auto_unmount: fusermount3 did not unmount within 2 s");
    }

    @Test
    void nobodyMountWithoutAutoUnmountStaysWhenKilled() throws Exception {
        prepareForNobody();
        child = startAsNobody(dir, "");
        try {
            expectMounted();
            assertEquals("hello from nobody\n", catAsNobody(dir.resolve("hello")));
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            Thread.sleep(1000);
            assertTrue(FuseMountIT.isMounted(dir), "without auto_unmount the dead mount stays");
        } finally {
            if (FuseMountIT.isMounted(dir)) {
                Result r = run(List.of("fusermount3", "-u", "-z", dir.toString()), Duration.ofSeconds(10));
                if (r.exit() != 0) {
                    run(List.of("umount", "-l", dir.toString()), Duration.ofSeconds(10));
                }
            }
        }
        assertFalse(FuseMountIT.isMounted(dir));
    }

    @Test
    void nobodyClosesAndUnmountsWithFusermount() throws Exception {
        // the child ends when its mount is removed from outside by its owner
        prepareForNobody();
        child = startAsNobody(dir, "");
        expectMounted();
        Result r = run(withNobody(List.of("fusermount3", "-u", dir.toString())), Duration.ofSeconds(10));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the child did not end after fusermount3 -u");
        assertFalse(FuseMountIT.isMounted(dir));
    }

    // ---------------------------------------------------------------- (c) fusermount3 missing

    @Test
    void missingFusermountNamesThePackage() throws Exception {
        String old = System.getProperty(Fusermount.PROGRAM_PROPERTY);
        System.setProperty(Fusermount.PROGRAM_PROPERTY, "/nonexistent/fusermount3");
        try {
            MountOptions options = MountOptions.builder().mountMethod(MountMethod.FUSERMOUNT).build();
            MountException e = assertThrows(MountException.class,
                    () -> Fuse.mount(dir, new FuseMountIT.TwoFiles(), options).close());
            assertEquals(MountException.Reason.FUSERMOUNT_MISSING, e.reason());
            assertTrue(e.getMessage().contains("fuse3"), e.getMessage());
            assertTrue(e.getMessage().contains("/nonexistent/fusermount3"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(Fusermount.PROGRAM_PROPERTY);
            } else {
                System.setProperty(Fusermount.PROGRAM_PROPERTY, old);
            }
        }
        assertFalse(FuseMountIT.isMounted(dir));
    }

    // ---------------------------------------------------------------- (d) allow_other refused

    @Test
    void allowOtherAsNobodyIsRefusedWithoutUserAllowOther() throws Exception {
        prepareForNobody();
        boolean allowed = Files.readAllLines(Path.of("/etc/fuse.conf")).stream()
                .map(l -> l.replaceFirst("#.*", "").strip()).anyMatch("user_allow_other"::equals);
        child = startAsNobody(dir, "allow_other");
        String line = firstLine();
        if (allowed) {
            // this machine's /etc/fuse.conf permits it: then the mount must work
            assertEquals("MOUNTED", line);
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
            run(List.of("fusermount3", "-u", "-z", dir.toString()), Duration.ofSeconds(10));
            return;
        }
        assertTrue(line.startsWith("FAILED ALLOW_OTHER_REFUSED "), line);
        assertTrue(line.contains("/etc/fuse.conf"), line);
        assertTrue(line.contains("user_allow_other"), line);
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        assertEquals(3, child.exitValue());
        assertFalse(FuseMountIT.isMounted(dir));
    }

    // ---------------------------------------------------------------- helpers

    /**
     * fusermount3 opens {@code /dev/fuse} with the caller's uid, and here it may be root-only
     * (crw-------). The host's device is left as it is: the child runs in a mount namespace of
     * its own where a 0666 node of the same device (10:229), made on a tmpfs there, is bound over
     * {@code /dev/fuse}.
     * {@code shared} is a shared bind mount, so the FUSE mount made in the child's namespace
     * (and its removal) propagates back to the test's.
     */
    private void prepareForNobody() throws Exception {
        giveToNobody(dir);
        // the node lives on a tmpfs of the child's namespace, so a nodev /tmp does not matter
        Path devDir = Files.createDirectory(base.resolve("dev"));
        String node = devDir.resolve("fuse").toString();
        // base: a private mount, so the child's tmpfs under it stays in the child's namespace
        // even where / is shared (systemd); shared: a shared one, so the FUSE mount made in
        // the child's namespace (and its removal) propagates back here
        Result r = run(List.of("mount", "--bind", base.toString(), base.toString()), Duration.ofSeconds(10));
        assertEquals(0, r.exit(), r.toString());
        baseBound = true;
        r = run(List.of("mount", "--make-private", base.toString()), Duration.ofSeconds(10));
        assertEquals(0, r.exit(), r.toString());
        r = run(List.of("mount", "--bind", shared.toString(), shared.toString()), Duration.ofSeconds(10));
        assertEquals(0, r.exit(), r.toString());
        sharedBound = true;
        r = run(List.of("mount", "--make-shared", shared.toString()), Duration.ofSeconds(10));
        assertEquals(0, r.exit(), r.toString());
        devicePrefix = List.of("unshare", "--mount", "--propagation", "unchanged", "sh", "-c",
                "mount --make-rprivate /dev && mount -t tmpfs -o mode=755 pfuse-dev '" + devDir + "'"
                        + " && mknod -m 0666 '" + node + "' c 10 229 && mount --bind '" + node + "' /dev/fuse"
                        + " && exec \"$0\" \"$@\"");
    }

    private List<String> devicePrefix = List.of();

    private void expectMounted() throws Exception {
        assertEquals("MOUNTED", firstLine());
        assertTrue(FuseMountIT.isMounted(dir), "/proc/mounts lists " + dir);
    }

    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(64);
    private Path childErr;

    /** The child's first line of stdout, waiting at most {@link #START}. */
    private String firstLine() throws Exception {
        String line = lines.poll(START.toSeconds(), TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("the child printed nothing within " + START + "; stderr: " + stderr());
        }
        if (line.isEmpty()) {
            throw new AssertionError("the child ended without output (exit " + (child.isAlive() ? "?" : child.exitValue())
                    + "); stderr: " + stderr());
        }
        return line;
    }

    private String stderr() throws IOException {
        return childErr == null ? "" : Files.readString(childErr);
    }

    private Process startAsNobody(Path mountpoint, String options) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String home = System.getProperty("user.home");
        String cp = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.isEmpty() && !e.startsWith(home + "/") && Files.exists(Path.of(e)))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(devicePrefix);
        command.addAll(withNobody(List.of(java, "-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED",
                "-cp", cp, UnprivilegedMountMain.class.getName(), mountpoint.toString(), options)));
        childErr = Files.createTempFile(base, "child-", ".err");
        Files.setPosixFilePermissions(childErr, PosixFilePermissions.fromString("rw-rw-rw-"));
        Process p = new ProcessBuilder(command).redirectError(childErr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.offer(l);
                }
            } catch (IOException ignored) {
                // the child is gone
            }
            lines.offer("");
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private static List<String> withNobody(List<String> command) {
        List<String> c = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups"));
        c.addAll(command);
        return c;
    }

    private static void giveToNobody(Path p) throws IOException {
        Files.setOwner(p, p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        assertEquals(NOBODY, (int) Files.getAttribute(p, "unix:uid"));
    }

    private static String catAsNobody(Path file) throws Exception {
        Result r = run(withNobody(List.of("cat", file.toString())), Duration.ofSeconds(10));
        assertEquals(0, r.exit(), r.toString());
        return r.out();
    }

    /** Whether a fusermount3 process is running for mountpoint {@code d}. */
    private static boolean helperRunningFor(Path d) {
        return ProcessHandle.allProcesses().anyMatch(ph -> {
            List<String> args = ph.info().arguments().map(List::of).orElse(List.of());
            return ph.info().command().orElse("").endsWith("fusermount3") && args.contains(d.toString());
        });
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> command, Duration limit) throws IOException, InterruptedException {
        Path out = Files.createTempFile("pfuse-out-", ".txt");
        Path err = Files.createTempFile("pfuse-err-", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            try {
                if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError(command + " did not finish within " + limit);
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
}
