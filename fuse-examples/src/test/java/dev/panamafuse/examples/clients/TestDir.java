package dev.panamafuse.examples.clients;

import dev.panamafuse.FileSystem;
import dev.panamafuse.examples.TestTransport;
import dev.panamafuse.examples.memory.MemoryFs;
import dev.panamafuse.examples.passthrough.PassthroughFs;
import dev.panamafuse.ffm.Fuse;
import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;

/**
 * The directory a client test works in: an in-memory filesystem mounted through panama-fuse
 * ({@link #memoryFs}), a temporary directory on local disk mirrored by {@link PassthroughFs}
 * ({@link #passthrough}), or a tmpfs ({@link #tmpfs}) to prove that a client's expectations are
 * what Linux itself does. Each sits in a fresh temporary directory whose name contains "pfuse".
 *
 * <p>While a panama-fuse filesystem is mounted, every record that the {@code dev.panamafuse} loggers publish at
 * WARNING or above is kept ({@link #problems()}); {@link #close()} unmounts, checks that
 * /proc/mounts no longer lists the directory, deletes it and then fails if such records were seen.
 *
 * <p>{@link #open(String)} picks the kind from the system property {@code pfuse.clients.target}
 * ({@code memoryfs}, the default, {@code passthrough} or {@code tmpfs}); {@link #open(String, TestInfo)}
 * picks the passthrough for a test class that implements {@link OnPassthrough}.
 */
final class TestDir implements AutoCloseable {
    enum Kind {
        MEMORYFS, PASSTHROUGH, TMPFS
    }

    /** Held strongly: java.util.logging keeps loggers only weakly, and the handler must stay attached. */
    private static final Logger PANAMAFUSE_LOG = Logger.getLogger("dev.panamafuse");
    private static final Duration PROGRAM_WAIT = Duration.ofSeconds(30);

    private final Kind kind;
    private final Path base;
    private final Path path;
    private FuseMount mount;
    private final List<LogRecord> problems = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                problems.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private TestDir(Kind kind, Path base, Path path, FuseMount mount) {
        this.kind = kind;
        this.base = base;
        this.path = path;
        this.mount = mount;
    }

    /** A directory of the kind named by {@code pfuse.clients.target} (MemoryFs unless told otherwise). */
    static TestDir open(String name) throws IOException, InterruptedException {
        String target = System.getProperty("pfuse.clients.target", "memoryfs").toLowerCase(Locale.ROOT);
        return switch (target) {
            case "memoryfs" -> memoryFs(name);
            case "passthrough" -> passthrough(name, true);
            case "tmpfs" -> tmpfs(name);
            default -> throw new IllegalArgumentException(
                    "pfuse.clients.target=" + target + ": memoryfs, passthrough or tmpfs");
        };
    }

    /**
     * The passthrough for a test class that implements {@link OnPassthrough} (the sibling classes
     * that run a client test on {@link PassthroughFs}), else the kind of {@link #open(String)}.
     */
    static TestDir open(String name, TestInfo info) throws IOException, InterruptedException {
        Class<?> c = info.getTestClass().orElse(Object.class);
        if (OnPassthroughUserSpace.class.isAssignableFrom(c)) {
            return passthrough(name, false);
        }
        return OnPassthrough.class.isAssignableFrom(c) ? passthrough(name, true) : open(name);
    }

    /** A fresh {@code MemoryFs} mounted with {@code default_permissions,allow_other}. */
    static TestDir memoryFs(String name) throws IOException {
        return mounted(Kind.MEMORYFS, name, base -> new MemoryFs());
    }

    /**
     * A fresh directory on local disk ({@code base/source}) mirrored by {@link PassthroughFs},
     * mounted with {@code default_permissions,allow_other}.
     *
     * @param kernel whether regular files are opened with kernel passthrough; when true, fails
     *               unless the kernel agreed to it
     */
    static TestDir passthrough(String name, boolean kernel) throws IOException, InterruptedException {
        TestDir t = mounted(Kind.PASSTHROUGH, name,
                base -> new PassthroughFs(Files.createDirectory(base.resolve("source")), kernel));
        if (kernel && !t.mount.connection().backingFiles().available()) {
            t.close();
            throw new IllegalStateException("the kernel did not agree to FUSE_PASSTHROUGH (needs Linux 6.9 with "
                    + "CONFIG_FUSE_PASSTHROUGH)");
        }
        return t;
    }

    /** Makes the filesystem of a mounted kind from the fresh base directory. */
    private interface Maker {
        FileSystem make(Path base) throws IOException;
    }

    private static TestDir mounted(Kind kind, String name, Maker maker) throws IOException {
        Path base = Files.createTempDirectory("pfuse-" + name + "-");
        Path dir = Files.createDirectory(base.resolve("mnt"));
        TestDir t = new TestDir(kind, base, dir, null);
        // attached before mounting, so that problems during INIT are recorded too
        PANAMAFUSE_LOG.addHandler(t.recorder);
        try {
            t.mount = TestTransport.check(Fuse.mount(dir, maker.make(base),
                    MountOptions.builder().parse(TestTransport.options("default_permissions,allow_other")).build()));
            return t;
        } catch (IOException | RuntimeException | Error e) {
            PANAMAFUSE_LOG.removeHandler(t.recorder);
            deleteTree(base);
            throw e;
        }
    }

    /** A fresh 1 GiB tmpfs. */
    static TestDir tmpfs(String name) throws IOException, InterruptedException {
        Proc.require("mount", "util-linux");
        Path base = Files.createTempDirectory("pfuse-" + name + "-");
        Path dir = Files.createDirectory(base.resolve("mnt"));
        try {
            Proc.ok(PROGRAM_WAIT, null, "mount", "-t", "tmpfs", "-o", "size=1g,mode=0755", "pfuse-tmpfs", dir.toString());
        } catch (IOException | RuntimeException | Error e) {
            deleteTree(base);
            throw e;
        }
        return new TestDir(Kind.TMPFS, base, dir, null);
    }

    Kind kind() {
        return kind;
    }

    /** The directory under test (the mountpoint). */
    Path path() {
        return path;
    }

    /** WARNING and SEVERE records of the {@code dev.panamafuse} loggers since mounting. */
    List<LogRecord> problems() {
        return List.copyOf(problems);
    }

    /** The recorded problems, one per line with their exceptions, for an assertion message. */
    String describeProblems() {
        StringBuilder sb = new StringBuilder();
        for (LogRecord r : problems) {
            sb.append(r.getLevel()).append(' ').append(r.getLoggerName()).append(": ").append(r.getMessage());
            if (r.getParameters() != null && r.getParameters().length > 0) {
                sb.append(" ").append(List.of(r.getParameters()));
            }
            if (r.getThrown() != null) {
                sb.append("\n    ").append(r.getThrown());
                for (StackTraceElement e : r.getThrown().getStackTrace()) {
                    sb.append("\n      at ").append(e);
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Fails if the filesystem logged a warning or worse so far. */
    void assertNoLoggedProblems() {
        if (!problems.isEmpty()) {
            throw new AssertionError("the dev.panamafuse loggers reported " + problems.size()
                    + " problem(s) on " + path + ":\n" + describeProblems());
        }
    }

    @Override
    public String toString() {
        return kind + " at " + path;
    }

    /**
     * Unmounts, makes sure nothing is left in /proc/mounts (lazily unmounting and failing if
     * something was), deletes the temporary directory, then fails if problems were logged.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        boolean leftover = false;
        try {
            try {
                if (mount != null) {
                    mount.close();
                } else if (kind == Kind.TMPFS) {
                    Proc.run(PROGRAM_WAIT, null, "umount", path.toString());
                }
            } finally {
                for (int i = 0; i < 3 && isMounted(path); i++) {
                    leftover = mount != null || i > 0;
                    Proc.run(PROGRAM_WAIT, null, "umount", "-l", path.toString());
                }
                PANAMAFUSE_LOG.removeHandler(recorder);
            }
        } finally {
            if (!isMounted(path)) {
                deleteTree(base);
            }
        }
        if (leftover) {
            throw new AssertionError("closing " + this + " left it in /proc/mounts (removed with umount -l)");
        }
        assertNoLoggedProblems();
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

    /** Deletes a tree on local disk (never follows symbolic links). */
    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
        }
        for (Path p : all) {
            if (!Files.isSymbolicLink(p) && Files.isDirectory(p)) {
                p.toFile().setWritable(true, true);
            }
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
