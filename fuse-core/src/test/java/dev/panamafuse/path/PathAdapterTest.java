package dev.panamafuse.path;

import static dev.panamafuse.FileSystem.NO_FH;
import static dev.panamafuse.FileSystem.ROOT;
import static dev.panamafuse.testing.TestRequest.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.CreatedFile;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.SetAttr;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The path adapter called directly through its {@link FileSystem} methods, over {@link FakePathFs}. */
class PathAdapterTest {
    private final FakePathFs paths = new FakePathFs();
    private final PathAdapter fs = (PathAdapter) PathFileSystem.toFileSystem(paths);

    private static Errno errno(Runnable r) {
        return assertThrows(FuseException.class, r::run).errno();
    }

    private long mkdir(long parent, String name) {
        return fs.mkdir(USER, parent, name, 0755, 022).nodeid();
    }

    private long mkfile(long parent, String name) {
        return fs.mknod(USER, parent, name, Mode.S_IFREG | 0644, 0, 022).nodeid();
    }

    private String pathSeenBy(long nodeid) {
        fs.getattr(USER, nodeid, NO_FH);
        return paths.lastCall();
    }

    @Test
    @DisplayName("each lookup counts one; the node is dropped when FORGET gives the last one back")
    void lookupCountsAndForget() {
        long a = mkfile(ROOT, "a");
        assertEquals(a, fs.lookup(USER, ROOT, "a").nodeid());
        assertEquals(a, fs.lookup(USER, ROOT, "a").nodeid());
        assertEquals(3, fs.lookupCount(a));
        fs.forget(a, 2);
        assertEquals(1, fs.lookupCount(a));
        assertEquals("getattr /a", pathSeenBy(a));
        fs.forget(a, 1);
        assertEquals(-1, fs.lookupCount(a));
        assertEquals(1, fs.knownNodes());
        assertEquals(Errno.ESTALE, errno(() -> fs.getattr(USER, a, NO_FH)));
        long again = fs.lookup(USER, ROOT, "a").nodeid();
        assertNotEquals(a, again, "node ids are never reused");
    }

    @Test
    @DisplayName("a failed lookup counts nothing; FORGET of the root or of an unknown id is ignored")
    void failedLookupCountsNothing() {
        assertEquals(Errno.ENOENT, errno(() -> fs.lookup(USER, ROOT, "missing")));
        assertEquals(1, fs.knownNodes());
        fs.forget(ROOT, 5);
        fs.forget(12345, 1);
        assertEquals("getattr /", pathSeenBy(ROOT));
    }

    @Test
    @DisplayName("ino 0 becomes the node id; another ino is kept; generation is 0")
    void inodeNumbers() {
        Entry e = fs.mknod(USER, ROOT, "f", Mode.S_IFREG | 0644, 0, 022);
        assertEquals(e.nodeid(), e.attr().ino());
        assertEquals(0, e.generation());
        assertEquals(e.nodeid(), fs.getattr(USER, e.nodeid(), NO_FH).ino());
        paths.ino = 999;
        assertEquals(999, fs.getattr(USER, e.nodeid(), NO_FH).ino());
    }

    @Test
    @DisplayName("renaming a directory moves the paths of every known node below it")
    void renameMovesSubtree() {
        long a = mkdir(ROOT, "a");
        long b = mkdir(a, "b");
        long f = mkfile(b, "f");
        long other = mkdir(ROOT, "other");
        fs.rename(USER, ROOT, "a", other, "c", 0);
        assertEquals("rename(0) /a /other/c", paths.lastCall());
        assertEquals("getattr /other/c/b/f", pathSeenBy(f));
        assertEquals("getattr /other/c/b", pathSeenBy(b));
        assertEquals("getattr /other/c", pathSeenBy(a));
        assertEquals(a, fs.lookup(USER, other, "c").nodeid());
        assertEquals(Errno.ENOENT, errno(() -> fs.lookup(USER, ROOT, "a")));
    }

    @Test
    @DisplayName("rename over an existing file detaches the replaced node: stat answers from its last attributes")
    void renameOverExisting() {
        long src = mkfile(ROOT, "src");
        long dst = mkfile(ROOT, "dst");
        fs.rename(USER, ROOT, "src", ROOT, "dst", 0);
        assertEquals("getattr /dst", pathSeenBy(src));
        assertEquals(0, fs.getattr(USER, dst, NO_FH).nlink(), "the replaced file has no name left");
        assertEquals(Errno.ENOENT, errno(() -> fs.open(USER, dst, 0)));
        fs.getattr(USER, dst, 5);
        assertEquals("getattr[5] /dst", paths.lastCall(), "through its handle it keeps its old path");
        fs.forget(dst, 1);
        assertEquals(-1, fs.lookupCount(dst));
        assertEquals(src, fs.lookup(USER, ROOT, "dst").nodeid());
    }

    @Test
    @DisplayName("RENAME_EXCHANGE swaps the two nodes; the flags reach the path filesystem")
    void renameExchange() {
        long x = mkdir(ROOT, "x");
        long inX = mkfile(x, "in");
        long y = mkfile(ROOT, "y");
        fs.rename(USER, ROOT, "x", ROOT, "y", FileSystem.RENAME_EXCHANGE);
        assertEquals("rename(2) /x /y", paths.lastCall());
        assertEquals("getattr /y", pathSeenBy(x));
        assertEquals("getattr /y/in", pathSeenBy(inX));
        assertEquals("getattr /x", pathSeenBy(y));
        assertTrue(Mode.isDirectory(fs.lookup(USER, ROOT, "y").attr().mode()));
    }

    @Test
    @DisplayName("RENAME_NOREPLACE is passed through and a refused rename changes nothing")
    void renameNoReplace() {
        long a = mkfile(ROOT, "a");
        long b = mkfile(ROOT, "b");
        assertEquals(Errno.EEXIST, errno(() -> fs.rename(USER, ROOT, "a", ROOT, "b", FileSystem.RENAME_NOREPLACE)));
        assertEquals("getattr /a", pathSeenBy(a));
        assertEquals("getattr /b", pathSeenBy(b));
    }

    @Test
    @DisplayName("unlink keeps the node while the kernel holds lookups; an open handle still reaches the old path")
    void unlinkThenForget() {
        CreatedFile c = fs.create(USER, ROOT, "f", Mode.S_IFREG | 0644, 022, 2);
        long f = c.entry().nodeid();
        fs.unlink(USER, ROOT, "f");
        assertEquals(Errno.ENOENT, errno(() -> fs.lookup(USER, ROOT, "f")));
        assertEquals(0, fs.getattr(USER, f, NO_FH).nlink());
        assertEquals("getattr[77] /f", paths.lastCall(), "fstat of an unlinked open file goes through its handle");
        fs.setattr(USER, f, new SetAttr(SetAttr.FATTR_SIZE, 0, 5, 0, null, null, null, 0, 0, 0));
        assertEquals("getattr[77] /f", paths.lastCall());
        assertTrue(paths.calls.contains("setattr[77] /f"), "truncate of an unlinked open file goes through its handle");
        fs.release(USER, f, c.open().fh(), 2);
        assertEquals(Errno.ENOENT, errno(() -> fs.setattr(USER, f, new SetAttr(SetAttr.FATTR_SIZE, 0, 5, 0, null,
                null, null, 0, 0, 0))), "closed: nothing to change it through");
        fs.forget(f, 1);
        assertEquals(1, fs.knownNodes());
    }

    @Test
    @DisplayName("a directory whose count is zero stays while a child is known, and goes with it")
    void parentKeptForChildren() {
        long d = mkdir(ROOT, "d");
        long f = mkfile(d, "f");
        fs.forget(d, 1);
        assertEquals(0, fs.lookupCount(d));
        assertEquals("getattr /d/f", pathSeenBy(f));
        fs.forget(f, 1);
        assertEquals(1, fs.knownNodes(), "child and then its parent dropped");
    }

    @Test
    @DisplayName("rmdir of a directory, hard link and symlink each get their own node")
    void rmdirLinkSymlink() {
        long d = mkdir(ROOT, "d");
        fs.rmdir(USER, ROOT, "d");
        assertEquals(Errno.ENOENT, errno(() -> fs.opendir(USER, d, 0)));
        long f = mkfile(ROOT, "f");
        Entry l = fs.link(USER, f, ROOT, "hard");
        assertEquals("link /f /hard", paths.calls.stream().filter(s -> s.startsWith("link")).findFirst().get());
        assertNotEquals(f, l.nodeid());
        Entry s = fs.symlink(USER, "f", ROOT, "soft");
        assertTrue(Mode.type(s.attr().mode()) == Mode.S_IFLNK);
        assertEquals(5, fs.knownNodes(), "root, the removed d (still counted), f, hard, soft");
    }

    @Test
    @DisplayName("readdirplus counts one lookup per entry added, none for entries that did not fit")
    void readdirplusCounts() {
        mkfile(ROOT, "a");
        mkfile(ROOT, "b");
        long h = fs.opendir(USER, ROOT, 0).fh();
        RecordingFiller first = new RecordingFiller(true, 3);
        fs.readdirplus(USER, ROOT, h, 0, first);
        assertEquals(List.of(".", "..", "a"), first.names());
        long a = first.added.get(2).entry().nodeid();
        assertEquals(2, fs.lookupCount(a), "mknod + readdirplus");
        assertEquals(0, first.added.get(0).entry().nodeid(), "'.' counts nothing");
        Entry bEntry = fs.lookup(USER, ROOT, "b");
        assertEquals(2, fs.lookupCount(bEntry.nodeid()), "b did not fit: only mknod + lookup");
        RecordingFiller rest = new RecordingFiller(true, 10);
        fs.readdirplus(USER, ROOT, h, first.lastNext(), rest);
        assertEquals(List.of("b"), rest.names());
        assertEquals(3, fs.lookupCount(bEntry.nodeid()));
        fs.releasedir(USER, ROOT, h);
        assertEquals(Errno.EBADF, errno(() -> fs.readdir(USER, ROOT, h, 0, new RecordingFiller(false, 9))));
    }

    @Test
    @DisplayName("readdirplus without attributes sends node id 0 and counts nothing")
    void readdirplusWithoutAttributes() {
        paths.listAttrs = false;
        long a = mkfile(ROOT, "a");
        long h = fs.opendir(USER, ROOT, 0).fh();
        RecordingFiller all = new RecordingFiller(true, 10);
        fs.readdirplus(USER, ROOT, h, 0, all);
        assertEquals(0, all.added.get(2).entry().nodeid());
        assertEquals(Mode.S_IFREG, Mode.type(all.added.get(2).mode()));
        assertEquals(1, fs.lookupCount(a));
    }

    @Test
    @DisplayName("readdir offsets index the listing taken at offset 0, so removals between chunks skip nothing")
    void readdirOffsetsStable() {
        for (String n : List.of("a", "b", "c", "d", "e")) {
            mkfile(ROOT, n);
        }
        long h = fs.opendir(USER, ROOT, 0).fh();
        List<String> seen = new ArrayList<>();
        RecordingFiller chunk = new RecordingFiller(false, 3);
        fs.readdir(USER, ROOT, h, 0, chunk);
        seen.addAll(chunk.names());
        fs.unlink(USER, ROOT, "a");
        long offset = chunk.lastNext();
        while (true) {
            chunk = new RecordingFiller(false, 2);
            fs.readdir(USER, ROOT, h, offset, chunk);
            if (chunk.added.isEmpty()) {
                break;
            }
            seen.addAll(chunk.names());
            offset = chunk.lastNext();
        }
        assertEquals(List.of(".", "..", "a", "b", "c", "d", "e"), seen);
        RecordingFiller rewound = new RecordingFiller(false, 100);
        fs.readdir(USER, ROOT, h, 0, rewound);
        assertEquals(List.of(".", "..", "b", "c", "d", "e"), rewound.names(), "offset 0 lists again");
        assertEquals(ListingWriter.UNKNOWN_INO, rewound.added.get(2).ino());
        assertEquals(ROOT, rewound.added.get(0).ino());
    }

    @Test
    @DisplayName("create that cannot stat its file releases the handle and counts nothing")
    void createFailureReleases() {
        FakePathFs broken = new FakePathFs() {
            @Override
            public synchronized dev.panamafuse.Attr getattr(dev.panamafuse.Request req, String path, long fh) {
                if (path.equals("/x")) {
                    throw new FuseException(Errno.EIO);
                }
                return super.getattr(req, path, fh);
            }
        };
        PathAdapter adapter = (PathAdapter) PathFileSystem.toFileSystem(broken);
        assertEquals(Errno.EIO, assertThrows(FuseException.class,
                () -> adapter.create(USER, ROOT, "x", Mode.S_IFREG | 0644, 0, 2)).errno());
        assertEquals("release[77] /x", broken.lastCall());
        assertEquals(1, adapter.knownNodes());
    }

    @Test
    @DisplayName("lookups and forgets from many threads leave exactly the counts they add up to")
    void concurrentLookupsAndForgets() throws Exception {
        long d = mkdir(ROOT, "d");
        for (int i = 0; i < 8; i++) {
            mkfile(d, "f" + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int round = 0; round < 2000; round++) {
                        Entry e = fs.lookup(USER, d, "f" + (round % 8));
                        fs.forget(e.nodeid(), 1);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 8; i++) {
            assertEquals(1, fs.lookupCount(fs.lookup(USER, d, "f" + i).nodeid()) - 1, "f" + i);
        }
        assertEquals(10, fs.knownNodes());
    }
}
