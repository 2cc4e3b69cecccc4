package dev.panamafuse.ffm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.panamafuse.Attr;
import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.ffm.Fuse;
import dev.panamafuse.ffm.posix.ProcessIds;
import dev.panamafuse.mount.Capability;
import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.mount.ThreadingPolicy;
import dev.panamafuse.protocol.InitFlags;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A filesystem mounted with {@code -o io_uring} ({@link Capability#IO_URING}) and read with real
 * programs ({@code ls}, {@code cat}, {@code stat}): INIT agrees on {@code FUSE_OVER_IO_URING},
 * the requests are served by the queue readers, not the {@code /dev/fuse} reader, the answers
 * reach the clients — handled on the queue's reader and on virtual threads alike — and the mount
 * goes away cleanly; with {@code enable_uring} off the same mount serves over {@code /dev/fuse}.
 * Needs root: it switches the {@code fuse} module's {@code enable_uring} and restores it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UringMountIT {
    private static final byte[] DATA = "over the ring\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private String enableBefore;

    @BeforeEach
    void root() throws IOException {
        assumeTrue(ProcessIds.geteuid() == 0, "mount(2) and the module parameter need root");
        enableBefore = Files.readString(UringTransport.ENABLE_URING).trim();
    }

    @AfterEach
    void restore() throws IOException {
        if (enableBefore != null) {
            Files.writeString(UringTransport.ENABLE_URING, enableBefore);
        }
    }

    /** One file "greeting"; records the reader threads that served each request. */
    static final class Recording implements FileSystem {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final Attr root = Attr.of(ROOT, Mode.S_IFDIR | 0755, 2, 0, 0, 0, Instant.EPOCH);
        final Attr file = Attr.of(2, Mode.S_IFREG | 0444, 1, 0, 0, DATA.length, Instant.EPOCH);

        private void served() {
            threads.add(Thread.currentThread().isVirtual() ? "virtual" : Thread.currentThread().getName());
        }

        @Override
        public Entry lookup(Request req, long parent, String name) {
            served();
            if (parent == ROOT && name.equals("greeting")) {
                return Entry.of(file);
            }
            throw new FuseException(Errno.ENOENT);
        }

        @Override
        public Attr getattr(Request req, long nodeid, long fh) {
            served();
            if (nodeid == ROOT) {
                return root;
            }
            if (nodeid == 2) {
                return file;
            }
            throw new FuseException(Errno.ENOENT);
        }

        @Override
        public void readdir(Request req, long nodeid, long fh, long offset, DirectoryFiller out) {
            served();
            if (offset < 1 && !out.add(".", ROOT, root.mode(), 1)) {
                return;
            }
            if (offset < 2 && !out.add("..", ROOT, root.mode(), 2)) {
                return;
            }
            if (offset < 3) {
                out.add("greeting", 2, file.mode(), 3);
            }
        }

        @Override
        public OpenFile open(Request req, long nodeid, int flags) {
            served();
            return OpenFile.of(0);
        }

        @Override
        public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
            served();
            int n = (int) Math.max(0, Math.min(dest.byteSize(), DATA.length - offset));
            MemorySegment.copy(MemorySegment.ofArray(DATA), offset, dest, 0, n);
            return n;
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), String.join(" ", command) + " returned");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    private void readWithPrograms(Path mnt) throws Exception {
        assertEquals("greeting\n", run("ls", mnt.toString()));
        assertEquals("over the ring\n", run("cat", mnt.resolve("greeting").toString()));
        assertEquals("444 14\n", run("stat", "-c", "%a %s", mnt.resolve("greeting").toString()));
        assertEquals("755 2\n", run("stat", "-c", "%a %h", mnt.toString()));
    }

    private void servedOverTheRing(ThreadingPolicy policy) throws Exception {
        Files.writeString(UringTransport.ENABLE_URING, "Y");
        Recording fs = new Recording();
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        MountOptions options = MountOptions.builder().enable(Capability.IO_URING).threading(policy)
                .attrTimeout(java.time.Duration.ZERO).entryTimeout(java.time.Duration.ZERO).build();
        try (FuseMount mount = Fuse.mount(mnt, fs, options)) {
            assertTrue(mount.connection().isEnabled(InitFlags.FUSE_OVER_IO_URING), "INIT agreed on io_uring");
            readWithPrograms(mnt);
            for (int i = 0; i < 50; i++) { // many requests, both CPUs' queues
                run("cat", mnt.resolve("greeting").toString());
            }
        }
        assertFalse(Files.readString(Path.of("/proc/self/mounts")).contains(mnt.toString()), "unmounted");
        assertFalse(fs.threads.contains("fuse-reader-0"),
                "no request went through the /dev/fuse reader: " + fs.threads);
        assertFalse(fs.threads.isEmpty());
    }

    @Test
    void inlineHandlersAnswerOnTheQueueReaders() throws Exception {
        servedOverTheRing(ThreadingPolicy.INLINE);
    }

    @Test
    void virtualThreadHandlersHandTheirCommitsToTheQueueReaders() throws Exception {
        servedOverTheRing(ThreadingPolicy.VIRTUAL);
    }

    @Test
    void withEnableUringOffTheMountServesOverDevFuse() throws Exception {
        Files.writeString(UringTransport.ENABLE_URING, "N");
        Recording fs = new Recording();
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        MountOptions options = MountOptions.builder().enable(Capability.IO_URING)
                .threading(ThreadingPolicy.INLINE).readers(1).build();
        try (FuseMount mount = Fuse.mount(mnt, fs, options)) {
            assertFalse(mount.connection().isEnabled(InitFlags.FUSE_OVER_IO_URING));
            readWithPrograms(mnt);
        }
        assertEquals(Set.of("fuse-reader-0"), fs.threads, "the one /dev/fuse reader served everything");
        assertEquals("io_uring was asked for, but the kernel does not offer FUSE_OVER_IO_URING ("
                + UringTransport.ENABLE_URING + " is N; as root: echo Y > " + UringTransport.ENABLE_URING
                + "): serving over /dev/fuse", UringTransport.notOffered(), "the warning the mount logged");
    }
}
