package dev.panamafuse.examples.passthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Entry;
import dev.panamafuse.FileSystem;
import dev.panamafuse.testing.TestRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The inode table of {@link PassthroughFs}: hard links share one node, and a node's
 * {@code O_PATH} descriptor is closed when the kernel forgets it, so creating and removing many
 * files leaves the process's descriptor count where it was. Needs root (mount(2), drop_caches).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PassthroughInodesIT {
    private Sandbox box;

    @BeforeEach
    void setUp() throws IOException {
        box = new Sandbox();
    }

    @AfterEach
    void tearDown() throws Exception {
        box.close();
    }

    @Test
    void hardLinksShareOneNodeUntilForgotten() throws Exception {
        Files.writeString(box.source.resolve("h1"), "x");
        Files.createLink(box.source.resolve("h2"), box.source.resolve("h1"));
        Files.writeString(box.source.resolve("other"), "y");
        PassthroughFs fs = new PassthroughFs(box.source);
        try {
            long fds = openDescriptors();
            Entry a = fs.lookup(TestRequest.ROOT, FileSystem.ROOT, "h1");
            Entry b = fs.lookup(TestRequest.ROOT, FileSystem.ROOT, "h2");
            Entry c = fs.lookup(TestRequest.ROOT, FileSystem.ROOT, "other");
            assertEquals(a.nodeid(), b.nodeid(), "two names of one file are one node");
            assertNotEquals(a.nodeid(), c.nodeid());
            assertEquals(3, fs.nodeCount(), "root, the linked file, the other file");
            assertEquals(fds + 2, openDescriptors(), "one descriptor per node");
            Entry linked = fs.link(TestRequest.ROOT, a.nodeid(), FileSystem.ROOT, "h3");
            assertEquals(a.nodeid(), linked.nodeid());
            assertEquals(3, linked.attr().nlink());
            fs.forget(a.nodeid(), 2);
            assertEquals(3, fs.nodeCount(), "one lookup is left");
            fs.forget(a.nodeid(), 1);
            fs.forget(c.nodeid(), 1);
            assertEquals(1, fs.nodeCount());
            assertEquals(fds, openDescriptors(), "forgotten nodes closed their descriptors");
        } finally {
            fs.destroy();
        }
    }

    @Test
    void syncfsReachesTheSourceAndKeepsNoDescriptor() throws Exception {
        // the kernel sends FUSE_SYNCFS only to virtiofs today, so it is called directly
        PassthroughFs fs = new PassthroughFs(box.source);
        try {
            long fds = openDescriptors();
            fs.syncfs(TestRequest.ROOT, FileSystem.ROOT);
            assertEquals(fds, openDescriptors());
        } finally {
            fs.destroy();
        }
    }

    @Test
    void createAndRemoveManyFilesLeavesNoDescriptorsAfterForget() throws Exception {
        long before = openDescriptors();
        box.mount("");
        Path dir = Files.createDirectory(box.mnt.resolve("many"));
        for (int i = 0; i < 2000; i++) {
            Path f = dir.resolve("f" + i);
            Files.writeString(f, "data");
            Files.size(f);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(2000, s.count());
        }
        assertTrue(box.fs.nodeCount() > 1000, "nodes while the files exist: " + box.fs.nodeCount());
        for (int i = 0; i < 2000; i++) {
            Files.delete(dir.resolve("f" + i));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (box.fs.nodeCount() > 10 && System.nanoTime() < deadline) {
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "2");
            Thread.sleep(200);
        }
        assertTrue(box.fs.nodeCount() <= 10, "nodes left after forget: " + box.fs.nodeCount());
        assertEquals(0, box.fs.openCount(), "open files left");
        long after = openDescriptors();
        assertTrue(after <= before + 40, "descriptors before mounting " + before + ", after forget " + after);
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
