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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real launcher, {@code bin/panamafuse}, run as a child process: mounting {@code hello}, being
 * stopped by SIGTERM, SIGINT and an external {@code umount}, and each kind of bad input with its
 * exit code and one-line message. Runs as root; the permission cases run the launcher as
 * {@code nobody} through {@code setpriv}, the missing-device case in a private mount namespace
 * ({@code unshare}) with an empty tmpfs over {@code /dev}.
 *
 * <p>Every launched process is killed in {@code finally}, and a mountpoint still listed in
 * /proc/mounts afterwards is detached with {@code umount -l} (and the test fails).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CliIT {
    private static final Duration MOUNT_WAIT = Duration.ofSeconds(30);
    private static final int NOBODY = 65534;

    private static Path launcher;
    private static Path base;
    private static String buildNote = "";

    private final List<Process> started = new ArrayList<>();
    private Path dir;

    @BeforeAll
    static void findLauncherAndWarmUp() throws Exception {
        launcher = findLauncher();
        base = Files.createTempDirectory("pfuse-cli-");
        // nobody must reach the mountpoints below: 0755 instead of createTempDirectory's 0700
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        // First run as root: if the launcher decides to build, it happens here (as root) and is
        // reported, not inside a timed case or as nobody (who cannot write target/).
        Result warm = run(List.of(launcher.toString(), "--version"), Duration.ofSeconds(300));
        if (warm.err().contains("building")) {
            buildNote = "bin/panamafuse rebuilt before the tests (a source is newer than the jar): " + warm.err();
            System.err.println("CliIT: " + buildNote);
        }
        assertEquals(0, warm.exit(), warm.toString());
        assertTrue(warm.out().startsWith("panamafuse "), warm.toString());
    }

    @AfterAll
    static void removeBase() throws IOException {
        deleteTree(base);
    }

    @BeforeEach
    void createMountpoint() throws IOException {
        dir = Files.createTempDirectory(base, "pfuse-mnt-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        boolean leftover = false;
        for (int i = 0; i < 3 && isMounted(dir); i++) {
            leftover = true;
            run(List.of("umount", "-l", dir.toString()), Duration.ofSeconds(10));
        }
        assertFalse(leftover, "a mount was left on " + dir + " (removed with umount -l)");
    }

    // ---------------------------------------------------------------- mount, use, stop

    @Test
    void mountThenSigterm() throws Exception {
        Launched cli = mountHello();
        checkHelloFromOutside();
        cli.process().destroy(); // SIGTERM
        expectCleanExit(cli);
    }

    @Test
    void mountThenExternalUmount() throws Exception {
        Launched cli = mountHello();
        checkHelloFromOutside();
        Result umount = run(List.of("umount", dir.toString()), Duration.ofSeconds(10));
        assertEquals(0, umount.exit(), umount.toString());
        expectCleanExit(cli);
    }

    @Test
    void mountThenSigint() throws Exception {
        Launched cli = mountHello();
        checkHelloFromOutside();
        Result kill = run(List.of("kill", "-INT", Long.toString(cli.process().pid())), Duration.ofSeconds(10));
        assertEquals(0, kill.exit(), kill.toString());
        expectCleanExit(cli);
    }

    @Test
    void sigtermRightAfterTheMountAppearsLeavesNoMount() throws Exception {
        for (int delayMs : new int[] {0, 10, 50, 100}) {
            Launched cli = start(List.of(), "mount", "memory", dir.toString());
            awaitInMountinfo(cli);
            Thread.sleep(delayMs);
            cli.process().destroy(); // SIGTERM
            String when = "SIGTERM " + delayMs + " ms after the mount appeared: ";
            assertTrue(cli.process().waitFor(20, TimeUnit.SECONDS), when + "the launcher did not exit: " + cli);
            assertFalse(isMounted(dir), when + "a mount was left: " + cli);
            assertEquals(0, cli.process().exitValue(), when + cli);
            assertFalse(cli.stderr().contains("Exception"), when + cli);
        }
    }

    @Test
    void debugLogsEveryRequestAlsoAfterAGc() throws Exception {
        Launched cli = mount(List.of("memory", "-d"));
        // the JUL logger -d configures must survive a collection of the daemon's heap
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Result gc = run(List.of(jcmd.toString(), Long.toString(cli.process().pid()), "GC.run"), Duration.ofSeconds(30));
        assertEquals(0, gc.exit(), gc.toString());
        Files.writeString(dir.resolve("after-gc"), "x");
        Result ls = run(List.of("ls", "-l", dir.toString()), Duration.ofSeconds(10));
        assertEquals(0, ls.exit(), ls.toString());
        assertTrue(ls.out().contains("after-gc"), ls.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(cli.stderr().contains(" READDIR") || cli.stderr().contains(" READDIRPLUS"))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String err = cli.stderr();
        assertTrue(err.lines().anyMatch(l -> l.startsWith("panamafuse: FINE: ") && l.contains(" CREATE ")), cli.toString());
        assertTrue(err.lines().anyMatch(l -> l.contains(" READDIR")), cli.toString());
        cli.process().destroy();
        expectCleanExit(cli);
    }

    // ---------------------------------------------------------------- list, unmount, dead mounts

    @Test
    void listShowsTheMountAndUnmountEndsIt() throws Exception {
        Launched cli = mountHello();
        Result list = launch(List.of(), "list");
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(dir + "\thello\tfuse.panamafuse\t")
                && l.endsWith("\tlive")), list.out());
        Result unmount = launch(List.of(), "unmount", dir.toString());
        assertEquals(0, unmount.exit(), unmount.toString());
        assertEquals("", unmount.err(), unmount.toString());
        expectCleanExit(cli);
        assertFalse(launch(List.of(), "list").out().contains(dir.toString()));
    }

    @Test
    void listFindsItsMountsWithAnyFsnameAndSubtypeAndMarksDeadOnes() throws Exception {
        Launched cli = mount(List.of("memory", "-o", "fsname=pfuse-custom-src,subtype=pfusecustom"));
        String live = dir + "\tpfuse-custom-src\tfuse.pfusecustom\t";
        Result list = launch(List.of(), "list");
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(live) && l.endsWith("\tlive")), list.out());
        cli.process().destroyForcibly(); // SIGKILL: a dead mount stays
        assertTrue(cli.process().waitFor(15, TimeUnit.SECONDS));
        assertTrue(isMounted(dir));
        Result dead = launch(List.of(), "list");
        assertEquals(0, dead.exit(), dead.toString());
        assertTrue(dead.out().lines().anyMatch(l -> l.startsWith(live) && l.endsWith("\tdead")), dead.out());
        Result all = launch(List.of(), "list", "--all-fuse");
        assertTrue(all.out().lines().anyMatch(l -> l.startsWith(live) && l.endsWith("\tdead")), all.out());
        Result unmount = launch(List.of(), "unmount", "--lazy", dir.toString());
        assertEquals(0, unmount.exit(), unmount.toString());
        assertFalse(isMounted(dir));
        assertFalse(launch(List.of(), "list").out().contains(dir.toString()));
    }

    @Test
    void alreadyMountedExits6AndLeavesTheMountAlone() throws Exception {
        Launched cli = mountHello();
        Result r = launch(List.of(), "mount", "hello", dir.toString());
        expectOneLineFailure(r, 6, dir.toString(), "already mounted");
        checkHelloFromOutside();
        cli.process().destroy();
        expectCleanExit(cli);
    }

    @Test
    void deadMountIsExplainedAndForceCleansIt() throws Exception {
        Launched dead = mountHello();
        dead.process().destroyForcibly(); // SIGKILL: the kernel keeps a mount nobody serves
        assertTrue(dead.process().waitFor(15, TimeUnit.SECONDS));
        assertTrue(isMounted(dir), "a killed privileged mount stays until unmounted");
        Result r = launch(List.of(), "mount", "hello", dir.toString());
        expectOneLineFailure(r, 7, dir.toString(), "Transport endpoint is not connected", "--force");
        Launched cli = mountHello("--force");
        assertTrue(cli.stderr().contains("cleaned the dead mount on " + dir), cli.toString());
        checkHelloFromOutside();
        cli.process().destroy();
        expectCleanExit(cli);
    }

    @Test
    void unmountOfNothingExits14() throws Exception {
        Result r = launch(List.of(), "unmount", dir.toString());
        expectOneLineFailure(r, 14, dir.toString(), "nothing is mounted");
        expectUsable(dir);
    }

    @Test
    void mountPassthroughServesTheSourceUntilUnmounted() throws Exception {
        Path source = Files.createTempDirectory(base, "pfuse-src-");
        Files.writeString(source.resolve("old"), "from the source");
        Launched cli = mount(List.of("passthrough", source.toString()));
        assertEquals("from the source", Files.readString(dir.resolve("old")));
        Files.writeString(dir.resolve("new"), "through the mount");
        assertEquals("through the mount", Files.readString(source.resolve("new")));
        Result umount = run(List.of("umount", dir.toString()), Duration.ofSeconds(10));
        assertEquals(0, umount.exit(), umount.toString());
        expectCleanExit(cli);
    }

    @Test
    void sourceProblemsExit15Or16Or2() throws Exception {
        Path missing = base.resolve("pfuse-no-such-source");
        Path text = Files.writeString(Files.createTempFile(base, "pfuse-text-", ".zip"), "not a zip at all");
        for (String fs : List.of("passthrough", "zip")) {
            expectOneLineFailure(launch(List.of(), "mount", fs, missing.toString(), dir.toString()),
                    15, missing.toString(), "does not exist");
            expectOneLineFailure(launch(List.of(), "mount", fs, text.toString(), dir.toString()),
                    16, text.toString(), fs.equals("zip") ? "not a zip archive" : "not a directory");
        }
        expectOneLineFailure(launch(List.of(), "mount", "passthrough", base.toString(), dir.toString()),
                2, "inside the source");
        expectUsable(dir);
    }

    // ---------------------------------------------------------------- mount memory

    @Test
    void memoryWithAllowOtherChecksPermissions() throws Exception {
        Launched cli = mount(List.of("memory", "-o", "allow_other"));
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "root only");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path closed = Files.createDirectory(dir.resolve("closed"));
        Files.writeString(closed.resolve("inside"), "hidden");
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(dir.resolve("open"), "for everyone");
        expectNobody(0, "for everyone", "cat", dir.resolve("open").toString());
        expectNobody(1, "Permission denied", "cat", secret.toString());
        expectNobody(2, "Permission denied", "ls", closed.toString());
        expectNobody(1, "Operation not permitted", "chmod", "0666", secret.toString());
        expectNobody(1, "Permission denied", "rm", "-f", secret.toString());
        assertEquals("root only", Files.readString(secret));
        assertFalse(cli.stderr().contains("WARNING"), cli.toString());
        Result umount = run(List.of("umount", dir.toString()), Duration.ofSeconds(10));
        assertEquals(0, umount.exit(), umount.toString());
        expectCleanExit(cli);
    }

    @Test
    void memoryWithoutDefaultPermissionsWarns() throws Exception {
        Launched cli = mount(List.of("memory", "--no-default-permissions", "-o", "allow_other"));
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "root only");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        expectNobody(0, "root only", "cat", secret.toString()); // what the option asks for
        List<String> warnings = cli.stderr().lines().filter(l -> l.contains("WARNING")).toList();
        assertEquals(1, warnings.size(), cli.toString());
        assertTrue(warnings.get(0).contains("without default_permissions"), cli.toString());
        Result umount = run(List.of("umount", dir.toString()), Duration.ofSeconds(10));
        assertEquals(0, umount.exit(), umount.toString());
        expectCleanExit(cli);
    }

    @Test
    void memorySizeBeyondTheHeapExits2() throws Exception {
        Result r = launch(List.of("env", "PANAMAFUSE_JAVA_OPTS=-Xmx64m"), "mount", "memory", "--size", "1G",
                dir.toString());
        expectOneLineFailure(r, 2, "--size 1G", "heap", "PANAMAFUSE_JAVA_OPTS=-Xmx");
        expectUsable(dir);
    }

    @Test
    void memoryDefaultSizeShrinksToTheHeap() throws Exception {
        Launched cli = mount(List.of("env", "PANAMAFUSE_JAVA_OPTS=-Xmx256m"), List.of("memory"));
        Result df = run(List.of("stat", "-f", "-c", "%b %S", dir.toString()), Duration.ofSeconds(10));
        assertEquals(0, df.exit(), df.toString());
        String[] f = df.out().strip().split(" ");
        long bytes = Long.parseLong(f[0]) * Long.parseLong(f[1]);
        assertTrue(bytes > (100L << 20) && bytes < (256L << 20), "a 256 MiB heap holds " + bytes + " bytes");
        Result umount = run(List.of("umount", dir.toString()), Duration.ofSeconds(10));
        assertEquals(0, umount.exit(), umount.toString());
        expectCleanExit(cli);
    }

    /** Runs a command as nobody: its exit code, and a text its output or errors must contain. */
    private static void expectNobody(int exit, String text, String... command) throws Exception {
        List<String> c = new ArrayList<>(asNobody());
        c.addAll(List.of(command));
        Result r = run(c, Duration.ofSeconds(10));
        assertEquals(exit, r.exit(), r.toString());
        assertTrue((r.out() + r.err()).contains(text), r.toString());
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void missingMountpointExits3() throws Exception {
        Path missing = dir.resolve("missing");
        Result r = launch(List.of(), "mount", "hello", missing.toString());
        expectOneLineFailure(r, 3, missing.toString(), "does not exist");
        assertFalse(Files.exists(missing));
        expectUsable(dir);
    }

    @Test
    void regularFileExits4() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Result r = launch(List.of(), "mount", "hello", file.toString());
        expectOneLineFailure(r, 4, file.toString(), "not a directory");
        assertEquals("x", Files.readString(file));
        assertFalse(isMounted(file));
        expectUsable(dir);
    }

    @Test
    void unknownOptionExits2() throws Exception {
        Result r = launch(List.of(), "mount", "hello", dir.toString(), "-o", "ro,pfuse_bogus_option");
        expectOneLineFailure(r, 2, "pfuse_bogus_option", "unknown");
        expectUsable(dir);
    }

    @Test
    void outOfRangeNumbersExit2WithTheRange() throws Exception {
        expectOneLineFailure(launch(List.of(), "mount", "hello", dir.toString(), "-o", "max_read=4294967296"),
                2, "max_read=4294967296", "out of range", "0 to 2147483647");
        expectOneLineFailure(launch(List.of(), "mount", "hello", dir.toString(), "-o", "attr_timeout=99999999999"),
                2, "attr_timeout=99999999999", "out of range", "0 to 1000000000 seconds");
        expectUsable(dir);
    }

    @Test
    void missingDirArgumentExits2() throws Exception {
        Result r = launch(List.of(), "mount", "hello");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("DIR"), r.toString());
        expectNoStackTrace(r);
    }

    @Test
    void noPermissionExits5() throws Exception {
        // dir: root-owned 0755, so nobody can see it but not write to it
        assertEquals(0, (int) Files.getAttribute(dir, "unix:uid"));
        expectReadableByNobody();
        Result r = launch(asNobody(), "mount", "hello", dir.toString());
        expectOneLineFailure(r, 5, dir.toString(), "permission");
        expectUsable(dir);
    }

    @Test
    void deviceNotOpenableExits9() throws Exception {
        Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        assertEquals(NOBODY, (int) Files.getAttribute(dir, "unix:uid"));
        expectReadableByNobody();
        List<String> prefix;
        int devMode = (int) Files.getAttribute(Path.of("/dev/fuse"), "unix:mode");
        if ((devMode & 0006) == 0) {
            // /dev/fuse is root-only here (crw-------): nobody cannot open it as it is
            prefix = asNobody();
        } else {
            // /dev/fuse is open to all: in a private mount namespace, cover it with a root-only
            // file so that nobody gets EACCES from open(2)
            Path rootOnly = Files.createFile(base.resolve("root-only-" + System.nanoTime()),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            prefix = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                    "mount --bind " + quote(rootOnly) + " /dev/fuse && exec \"$0\" \"$@\""));
            prefix.addAll(asNobody());
        }
        Result r = launch(prefix, "mount", "hello", dir.toString());
        expectOneLineFailure(r, 9, "/dev/fuse", "Permission denied");
        expectUsable(dir);
        assertEquals(devMode, (int) Files.getAttribute(Path.of("/dev/fuse"), "unix:mode"), "host /dev/fuse changed");
    }

    @Test
    void deviceMissingExits8() throws Exception {
        // --propagation private: the tmpfs over /dev stays inside the child's namespace
        List<String> prefix = List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs tmpfs /dev && exec \"$0\" \"$@\"");
        Result r = launch(prefix, "mount", "hello", dir.toString());
        expectOneLineFailure(r, 8, "/dev/fuse", "does not exist");
        expectUsable(dir);
        assertTrue(Files.exists(Path.of("/dev/fuse")), "the host's /dev was changed");
        assertTrue(Files.exists(Path.of("/dev/null")), "the host's /dev was changed");
    }

    // ---------------------------------------------------------------- help

    @Test
    void helpAtEveryLevel() throws Exception {
        String[][] commands = {{"--help"}, {"mount", "--help"}, {"mount", "hello", "--help"}};
        String[] usage = {"Usage: panamafuse ", "Usage: panamafuse mount ", "Usage: panamafuse mount hello "};
        for (int i = 0; i < commands.length; i++) {
            Result r = launch(List.of(), commands[i]);
            assertEquals(0, r.exit(), List.of(commands[i]) + ": " + r);
            assertTrue(r.out().startsWith(usage[i]), List.of(commands[i]) + ": " + r.out());
            assertTrue(r.out().contains("--help"), r.out());
            assertEquals("", r.err(), List.of(commands[i]) + ": " + r);
            expectNoStackTrace(r);
        }
        Result top = launch(List.of(), "--help");
        assertTrue(top.out().contains("mount"), top.out());
        assertTrue(top.out().contains("Exit codes:"), top.out());
        Result hello = launch(List.of(), "mount", "hello", "--help");
        assertTrue(hello.out().contains("DIR") && hello.out().contains("-o"), hello.out());
    }

    // ---------------------------------------------------------------- helpers: mounting

    private record Launched(Process process, Path out, Path err) {
        String stdout() throws IOException {
            return Files.readString(out);
        }

        String stderr() throws IOException {
            return Files.readString(err);
        }

        @Override
        public String toString() {
            try {
                return "stdout=[" + stdout() + "] stderr=[" + stderr() + "]";
            } catch (IOException e) {
                return e.toString();
            }
        }
    }

    private Launched start(List<String> prefix, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(launcher.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(base, "pfuse-out-", ".txt");
        Path err = Files.createTempFile(base, "pfuse-err-", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        started.add(p);
        return new Launched(p, out, err);
    }

    /** Starts {@code panamafuse mount hello [EXTRA...] DIR} and waits (bounded) for its "mounted" line. */
    private Launched mountHello(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("hello"));
        args.addAll(List.of(extra));
        return mount(args);
    }

    /** Starts {@code panamafuse mount FS ARGS... DIR} and waits (bounded) for its "mounted" line. */
    private Launched mount(List<String> fsAndArgs) throws Exception {
        return mount(List.of(), fsAndArgs);
    }

    /** The same, the launcher started through {@code prefix} (e.g. {@code env VAR=VALUE}). */
    private Launched mount(List<String> prefix, List<String> fsAndArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("mount"));
        args.addAll(fsAndArgs);
        args.add(dir.toString());
        String mounted = "mounted " + fsAndArgs.get(0) + " on ";
        Launched cli = start(prefix, args.toArray(String[]::new));
        long deadline = System.nanoTime() + MOUNT_WAIT.toNanos();
        while (!cli.stdout().contains(mounted)) {
            if (!cli.process().isAlive()) {
                throw new AssertionError("the launcher exited with " + cli.process().exitValue()
                        + " before mounting: " + cli);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + mounted + "' line within " + MOUNT_WAIT + ": " + cli);
            }
            Thread.sleep(20);
        }
        String line = cli.stdout().lines().filter(l -> l.startsWith(mounted)).findFirst().orElseThrow();
        assertTrue(line.startsWith(mounted + dir + " "), line);
        assertFalse(cli.stderr().contains("building"), "the launcher rebuilt inside the test: " + cli);
        assertTrue(isMounted(dir), "/proc/mounts does not list " + dir);
        return cli;
    }

    private void awaitInMountinfo(Launched cli) throws Exception {
        awaitInMountinfo(dir, cli.process(), MOUNT_WAIT);
    }

    /** Polls /proc/self/mountinfo (bounded, without sleeping) until it lists {@code d}. */
    static void awaitInMountinfo(Path d, Process p, Duration limit) throws IOException {
        String target = " " + d + " ";
        long deadline = System.nanoTime() + limit.toNanos();
        while (Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().noneMatch(l -> l.contains(target))) {
            assertTrue(p.isAlive(), "the process exited before mounting on " + d);
            assertTrue(System.nanoTime() < deadline, "no mount on " + d + " within " + limit);
            Thread.onSpinWait();
        }
    }

    private void checkHelloFromOutside() throws Exception {
        Result cat = run(List.of("cat", dir.resolve("hello").toString()), Duration.ofSeconds(10));
        assertEquals(0, cat.exit(), cat.toString());
        assertEquals("Hello, World!\n", cat.out());
        Result stat = run(List.of("stat", "-c", "%a %s %F", dir.resolve("hello").toString()), Duration.ofSeconds(10));
        assertEquals(0, stat.exit(), stat.toString());
        assertEquals("444 14 regular file\n", stat.out());
    }

    private void expectCleanExit(Launched cli) throws Exception {
        assertTrue(cli.process().waitFor(15, TimeUnit.SECONDS), "the launcher did not exit within 15 s: " + cli);
        assertEquals(0, cli.process().exitValue(), cli.toString());
        assertTrue(cli.stdout().contains("unmounted " + dir), cli.toString());
        assertFalse(isMounted(dir), "/proc/mounts still lists " + dir);
        String all = cli.stdout() + cli.stderr();
        assertFalse(all.contains("Exception") || all.contains("\tat "), cli.toString());
        assertTrue(Files.isDirectory(dir));
    }

    // ---------------------------------------------------------------- helpers: failures

    private Result launch(List<String> prefix, String... args) throws Exception {
        Launched cli = start(prefix, args);
        Process p = cli.process();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(List.of(args) + " did not exit within 30 s: " + cli);
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        Result r = new Result(p.exitValue(), cli.stdout(), cli.stderr());
        Files.deleteIfExists(cli.out());
        Files.deleteIfExists(cli.err());
        assertFalse(r.err().contains("building"), "the launcher rebuilt inside the test: " + r);
        return r;
    }

    private static void expectOneLineFailure(Result r, int exitCode, String... mentions) {
        assertEquals(exitCode, r.exit(), r.toString());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "stderr should be one line: " + r);
        String line = lines.get(0);
        assertTrue(line.startsWith("panamafuse: "), line);
        for (String m : mentions) {
            assertTrue(line.contains(m), "'" + line + "' does not mention " + m);
        }
        assertFalse(r.out().contains("mounted"), r.toString());
        expectNoStackTrace(r);
    }

    private static void expectNoStackTrace(Result r) {
        String all = r.out() + r.err();
        assertFalse(all.contains("Exception"), r.toString());
        assertFalse(all.contains("\tat "), r.toString());
    }

    private static void expectUsable(Path d) throws IOException {
        assertTrue(Files.isDirectory(d), d + " is gone");
        assertFalse(isMounted(d), d + " is in /proc/mounts");
        try (Stream<Path> s = Files.list(d)) {
            s.count();
        }
    }

    private static List<String> asNobody() {
        return List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups");
    }

    /** The JDK, the launcher and the built jars must be readable by nobody, or case 5/9 tests nothing. */
    private void expectReadableByNobody() throws Exception {
        Path examples = launcher.getParent().getParent().resolve("fuse-examples/target");
        String check = "test -r " + quote(launcher) + " && test -x " + quote(launcher)
                + " && for f in " + quote(examples) + "/*.jar " + quote(examples) + "/lib/*.jar; do test -r \"$f\" || { echo \"$f\"; exit 1; }; done"
                + " && test -d " + quote(dir) + " && test -x " + quote(dir);
        List<String> command = new ArrayList<>(asNobody());
        command.addAll(List.of("sh", "-c", check));
        Result r = run(command, Duration.ofSeconds(10));
        assertEquals(0, r.exit(), "not readable by nobody (uid " + NOBODY + "): " + r);
    }

    // ---------------------------------------------------------------- helpers: processes, files

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

    /** Walks up from the working directory (fuse-examples under Maven) to the one holding bin/panamafuse. */
    private static Path findLauncher() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path d = start; d != null; d = d.getParent()) {
            Path candidate = d.resolve("bin/panamafuse");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no executable bin/panamafuse in " + start + " or above");
    }

    static boolean isMounted(Path d) throws IOException {
        String target = d.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
            String[] f = line.split(" ");
            if (f.length >= 2 && f[1].replace("\\040", " ").equals(target)) {
                return true;
            }
        }
        return false;
    }

    private static String quote(Path p) {
        return "'" + p.toString().replace("'", "'\\''") + "'";
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
