package dev.panamafuse.examples.clients;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code panamafuse mount zip ARCHIVE DIR} run as a child JVM on the module path, as
 * {@code bin/panamafuse} runs it (so {@code jdk.zipfs} must be found there), over an archive with
 * nested and explicit directories, an empty file, a 4 MiB deflated file and names with spaces,
 * written by {@code java.util.zip} as jar tools do, then a script with mode 0755, a non-ASCII name
 * and a stored (not deflated) entry added by Info-ZIP's {@code zip}.
 * The mount is compared with {@code unzip}: every entry listed, every file's bytes equal, random
 * reads with {@code dd} at offsets inside the deflated entry. Each test stops the CLI with
 * {@code umount} and checks it exits 0; {@code finally} kills it and detaches a leftover mount.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ZipMountIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] BIG = pseudoText(4 << 20, 1);
    private static final byte[] STORED = randomBytes(300_000);
    private static final String UNICODE = "names/ünïcödé ✓.txt";
    /** unzip prints and matches non-ASCII names only in a UTF-8 locale. */
    private static final Map<String, String> UTF8_LOCALE = Map.of("LC_ALL", "C.UTF-8");

    private static Path base;
    private static Path archive;
    private Path mnt;
    private Process cli;
    private Path cliOut;

    @BeforeAll
    static void buildArchive() throws Exception {
        Proc.require("zip", "zip");
        Proc.require("unzip", "unzip");
        base = Files.createTempDirectory("pfuse-zip-");
        archive = base.resolve("test archive.zip");
        try (OutputStream out = Files.newOutputStream(archive); ZipOutputStream z = new ZipOutputStream(out)) {
            put(z, "top.txt", "top\n".getBytes(UTF_8));
            z.putNextEntry(new ZipEntry("a/"));
            put(z, "a/b/c/deep.txt", "deep down\n".getBytes(UTF_8));
            put(z, "empty", new byte[0]);
            put(z, "data/big.txt", BIG);
            put(z, "names/with space.txt", "spaced\n".getBytes(UTF_8));
        }
        Path script = Files.writeString(base.resolve("run.sh"), "#!/bin/sh\necho run\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        // Info-ZIP writes the non-ASCII name (unzip reads Java's UTF-8 names as code page 437)
        Files.createDirectories(base.resolve(UNICODE).getParent());
        Files.createDirectories(base.resolve("data"));
        Files.writeString(base.resolve(UNICODE), "unicode\n");
        Proc.ok(WAIT, base, UTF8_LOCALE, List.of("zip", "-q", archive.toString(), "run.sh", UNICODE));
        Files.write(base.resolve("data/stored.bin"), STORED);
        Proc.ok(WAIT, base, "zip", "-q", "-0", archive.toString(), "data/stored.bin"); // -0: stored, not deflated
        assertTrue(Proc.ok(WAIT, base, "unzip", "-v", archive.toString()).output()
                .matches("(?s).*\\n *300000 +Stored +300000 .*data/stored\\.bin\\n.*"), "data/stored.bin is stored");
    }

    private static void put(ZipOutputStream z, String name, byte[] data) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        z.write(data);
        z.closeEntry();
    }

    static byte[] pseudoText(int size, long seed) {
        byte[] b = new byte[size];
        Random r = new Random(seed);
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + r.nextInt(6) + (i >> 14) % 11);
        }
        return b;
    }

    private static byte[] randomBytes(int size) {
        byte[] b = new byte[size];
        new Random(7).nextBytes(b);
        return b;
    }

    @AfterAll
    static void removeBase() throws IOException {
        TestDir.deleteTree(base);
    }

    @AfterEach
    void stopCli() throws Exception {
        try {
            if (cli != null && cli.isAlive()) {
                cli.destroy(); // SIGTERM: the CLI unmounts and exits
                if (!cli.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    Proc.kill(cli);
                }
            }
        } finally {
            boolean leftover = false;
            for (int i = 0; mnt != null && i < 3 && TestDir.isMounted(mnt); i++) {
                leftover = true;
                Proc.run(WAIT, null, "umount", "-l", mnt.toString());
            }
            if (cliOut != null) {
                Files.deleteIfExists(cliOut);
            }
            assertFalse(leftover, "a mount was left on " + mnt + " (removed with umount -l)");
        }
    }

    /** Starts the CLI on the module path and waits (bounded) until it says it is mounted. */
    private void mountZip(String... options) throws Exception {
        mnt = Files.createTempDirectory(base, "mnt-");
        cliOut = Files.createTempFile("pfuse-zipcli-", ".out");
        Path target = Path.of("target").toAbsolutePath();
        Path jar;
        try (Stream<Path> s = Files.list(target)) {
            jar = s.filter(p -> p.getFileName().toString().matches("fuse-examples-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no fuse-examples jar in " + target));
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=dev.panamafuse.ffm", "-p", jar + ":" + target.resolve("lib"),
                "-m", "dev.panamafuse.examples/dev.panamafuse.examples.cli.Main",
                "mount", "zip", archive.toString(), mnt.toString()));
        command.addAll(Arrays.asList(options));
        cli = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(cliOut.toFile()).start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.readString(cliOut).contains("mounted zip on ")) {
            if (!cli.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the CLI did not mount: " + Files.readString(cliOut));
            }
            Thread.sleep(50);
        }
        assertTrue(TestDir.isMounted(mnt));
    }

    /** Unmounts from outside and expects the CLI to exit 0, saying so. */
    private void unmountAndExpectCleanExit() throws Exception {
        Proc.ok(WAIT, null, "umount", mnt.toString());
        assertTrue(cli.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the CLI did not exit after umount");
        assertEquals(0, cli.exitValue(), Files.readString(cliOut));
        assertTrue(Files.readString(cliOut).contains("unmounted " + mnt), Files.readString(cliOut));
    }

    private static String utf8(Proc.Result r) {
        return new String(r.output().getBytes(ISO_8859_1), UTF_8);
    }

    @Test
    void everyEntryListedAndEqualToUnzip() throws Exception {
        mountZip();
        Set<String> entries = new TreeSet<>();
        for (String line : utf8(Proc.ok(WAIT, null, UTF8_LOCALE, List.of("unzip", "-Z1", archive.toString()))).split("\n")) {
            entries.add(line.endsWith("/") ? line.substring(0, line.length() - 1) : line);
        }
        Set<String> files = new TreeSet<>();
        Set<String> all = new TreeSet<>();
        for (String line : utf8(Proc.ok(WAIT, mnt, "find", ".", "-mindepth", "1", "-printf", "%y %P\\n")).split("\n")) {
            all.add(line.substring(2));
            if (line.startsWith("f ")) {
                files.add(line.substring(2));
            }
        }
        assertTrue(all.containsAll(entries), "unzip lists " + entries + ", the mount " + all);
        assertTrue(entries.containsAll(files), "files " + files + " not all in the archive " + entries);
        assertTrue(all.containsAll(List.of("a/b", "a/b/c", "data", "names")), "implied directories: " + all);
        assertEquals(8, files.size(), files.toString());
        for (String f : files) {
            Proc.ok(WAIT, null, UTF8_LOCALE, List.of("sh", "-c", "unzip -p \"$0\" \"$1\" | cmp - \"$2\"",
                    archive.toString(), f, mnt.resolve(f).toString()));
        }
        String ls = utf8(Proc.ok(WAIT, mnt, "ls", "-lR", "."));
        assertTrue(ls.contains("with space.txt") && ls.contains("ünïcödé ✓.txt"), ls);
        assertEquals("755 444 555 4194304 0\n", utf8(Proc.ok(WAIT, mnt, "sh", "-c",
                "echo $(stat -c %a run.sh empty a) $(stat -c %s data/big.txt empty)")));
        Proc.Result touch = Proc.run(WAIT, mnt, "touch", "new");
        assertNotEquals(0, touch.exit());
        assertTrue(touch.output().contains("Read-only file system"), touch.describe());
        assertEquals("run\n", Proc.ok(WAIT, mnt, "./run.sh").output(), "the stored mode 0755 makes it executable");
        unmountAndExpectCleanExit();
    }

    @Test
    void randomReadsInsideTheDeflatedEntry() throws Exception {
        mountZip("-o", "direct_io", "--cache", "1M");
        int block = 65_536;
        for (int skip : new int[] {60, 3, 40, 0, 63, 17, 16, 61}) {
            Proc.Result dd = Proc.ok(WAIT, mnt, "dd", "if=data/big.txt", "bs=" + block, "skip=" + skip, "count=2",
                    "status=none");
            int from = skip * block;
            byte[] expected = Arrays.copyOfRange(BIG, from, Math.min(BIG.length, from + 2 * block));
            assertArrayEquals(expected, dd.output().getBytes(ISO_8859_1), "dd skip=" + skip);
        }
        Proc.Result tail = Proc.ok(WAIT, mnt, "tail", "-c", "1000", "data/stored.bin");
        assertArrayEquals(Arrays.copyOfRange(STORED, STORED.length - 1000, STORED.length),
                tail.output().getBytes(ISO_8859_1));
        unmountAndExpectCleanExit();
    }
}
