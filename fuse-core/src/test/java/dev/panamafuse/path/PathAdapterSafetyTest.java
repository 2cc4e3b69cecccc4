package dev.panamafuse.path;

import static dev.panamafuse.FileSystem.NO_FH;
import static dev.panamafuse.FileSystem.ROOT;
import static dev.panamafuse.testing.TestRequest.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Attr;
import dev.panamafuse.DirectoryEntry;
import dev.panamafuse.Entry;
import dev.panamafuse.FileSystem;
import dev.panamafuse.Mode;
import dev.panamafuse.Request;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The adapter under concurrent renames, and listings with names the kernel cannot take. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PathAdapterSafetyTest {

    /** While {@link #hold} is set, holds a getattr of {@code /d/f} until {@link #gate} opens; records renames. */
    private static final class GatedFs implements PathFileSystem {
        final CountDownLatch inGetattr = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        volatile boolean hold;
        volatile boolean renamed;

        @Override
        public Attr getattr(Request req, String path, long fh) {
            if (hold && path.equals("/d/f")) {
                inGetattr.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return Attr.of(0, path.endsWith("f") ? Mode.S_IFREG | 0644 : Mode.S_IFDIR | 0755, 1, 0, 0, 0,
                    Instant.EPOCH);
        }

        @Override
        public void rename(Request req, String from, String to, int flags) {
            renamed = true;
        }
    }

    @Test
    @DisplayName("a rename waits for running operations, so none uses a path it made stale")
    void renameWaitsForRunningOperations() throws Exception {
        GatedFs paths = new GatedFs();
        FileSystem fs = PathFileSystem.toFileSystem(paths);
        long d = fs.lookup(USER, ROOT, "d").nodeid();
        long f = fs.lookup(USER, d, "f").nodeid();
        paths.hold = true;
        CompletableFuture<Attr> stat = CompletableFuture.supplyAsync(() -> fs.getattr(USER, f, NO_FH));
        assertTrue(paths.inGetattr.await(10, TimeUnit.SECONDS), "the getattr of /d/f is inside the filesystem");
        CompletableFuture<Void> rename = CompletableFuture.runAsync(() -> fs.rename(USER, ROOT, "d", ROOT, "e", 0));
        assertThrows(TimeoutException.class, () -> rename.get(300, TimeUnit.MILLISECONDS),
                "the rename must wait for the running getattr");
        assertFalse(paths.renamed);
        paths.gate.countDown();
        stat.get(10, TimeUnit.SECONDS);
        rename.get(10, TimeUnit.SECONDS);
        assertTrue(paths.renamed);
    }

    @Test
    @DisplayName("names longer than the kernel takes are left out of listings before anything is counted")
    void overlongNamesAreLeftOut() {
        FakePathFs paths = new FakePathFs();
        PathAdapter fs = (PathAdapter) PathFileSystem.toFileSystem(paths);
        String longName = "n".repeat(1025);
        paths.files.put("/" + longName, Mode.S_IFREG | 0644);
        paths.files.put("/ok", Mode.S_IFREG | 0644);
        long h = fs.opendir(USER, ROOT, 0).fh();
        RecordingFiller out = new RecordingFiller(true, 10);
        fs.readdirplus(USER, ROOT, h, 0, out);
        assertEquals(List.of(".", "..", "ok"), out.names());
        assertEquals(2, fs.knownNodes(), "the root and ok");
        Entry ok = out.added.get(2).entry();
        assertEquals(1, fs.lookupCount(ok.nodeid()));
    }

    @Test
    @DisplayName("a directory entry cannot carry NUL or '/'")
    void entryNamesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> DirectoryEntry.of("a\0b", Mode.S_IFREG));
        assertThrows(IllegalArgumentException.class, () -> DirectoryEntry.of("a/b", Mode.S_IFREG));
        assertThrows(IllegalArgumentException.class, () -> DirectoryEntry.of("", Mode.S_IFREG));
    }
}
