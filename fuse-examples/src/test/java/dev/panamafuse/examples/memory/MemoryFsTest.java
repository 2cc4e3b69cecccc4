package dev.panamafuse.examples.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.CreatedFile;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.SetAttr;
import dev.panamafuse.StatFs;
import dev.panamafuse.testing.TestRequest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** MemoryFs called directly (no kernel): lookup counts, limits, huge offsets. */
class MemoryFsTest {
    private static final TestRequest USER = new TestRequest(1000, 1000);

    private static Errno errno(Runnable r) {
        return assertThrows(FuseException.class, r::run).errno();
    }

    @Test
    @DisplayName("an unlinked file lives while the kernel holds lookups; FORGET of the last one frees it")
    void forgetFreesUnreferenced() {
        MemoryFs fs = new MemoryFs(1 << 20, 0, 0, 0755);
        long freeBefore = fs.statfs(USER, 1).ffree();
        CreatedFile f = fs.create(USER, FileSystem.ROOT, "a", Mode.S_IFREG | 0644, 022, 2);
        long ino = f.entry().nodeid();
        Entry again = fs.lookup(USER, FileSystem.ROOT, "a");
        assertEquals(ino, again.nodeid());
        fs.release(USER, ino, f.open().fh(), 2);
        fs.unlink(USER, FileSystem.ROOT, "a");
        assertEquals(0, fs.getattr(USER, ino, FileSystem.NO_FH).nlink(), "still reachable by node id");
        fs.forget(ino, 1);
        assertEquals(0, fs.getattr(USER, ino, FileSystem.NO_FH).nlink(), "one lookup left");
        fs.forget(ino, 1);
        assertEquals(Errno.ENOENT, errno(() -> fs.getattr(USER, ino, FileSystem.NO_FH)));
        assertEquals(freeBefore, fs.statfs(USER, 1).ffree());
    }

    @Test
    @DisplayName("new entries belong to the caller; 255-byte names work, 256 give ENAMETOOLONG")
    void ownershipAndNames() {
        MemoryFs fs = new MemoryFs(1 << 20, 0, 0, 0777);
        Entry e = fs.mkdir(USER, FileSystem.ROOT, "x".repeat(255), 0755, 022);
        assertEquals(1000, e.attr().uid());
        assertEquals(1000, e.attr().gid());
        assertEquals(Errno.ENAMETOOLONG, errno(() -> fs.mkdir(USER, FileSystem.ROOT, "x".repeat(256), 0755, 0)));
    }

    @Test
    @DisplayName("a 10 TiB truncate allocates nothing; writing past the size limit is ENOSPC and changes nothing")
    void hugeOffsetsAndLimit() {
        MemoryFs fs = new MemoryFs(64 << 10, 0, 0, 0755);
        long ino = fs.create(USER, FileSystem.ROOT, "f", Mode.S_IFREG | 0644, 0, 2).entry().nodeid();
        fs.setattr(USER, ino, new SetAttr(SetAttr.FATTR_SIZE, 0, 10L << 40, 0, null, null, null, 0, 0, 0));
        assertEquals(10L << 40, fs.getattr(USER, ino, FileSystem.NO_FH).size());
        assertEquals(0, fs.getattr(USER, ino, FileSystem.NO_FH).blocks());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment page = arena.allocate(4096);
            for (int i = 0; i < 15; i++) { // the 16th page holds the inodes of the root and f, and f's name
                assertEquals(4096, fs.write(USER, ino, 0, (long) i << 30, page, 0));
            }
            assertEquals(Errno.ENOSPC, errno(() -> fs.write(USER, ino, 0, 16L << 30, page, 0)));
            StatFs st = fs.statfs(USER, 1);
            assertEquals(0, st.bfree());
            assertEquals(Errno.EFBIG, errno(() -> fs.fallocate(USER, ino, 0, 0, Long.MAX_VALUE - 10, 100)));
            fs.setattr(USER, ino, new SetAttr(SetAttr.FATTR_SIZE, 0, 0, 0, null, null, null, 0, 0, 0));
            assertEquals(15, fs.statfs(USER, 1).bfree(), "truncate to 0 frees every page of data");
        }
    }

    /** A 1 MiB filesystem (256 pages) for the tests of what counts against the size. */
    private final MemoryFs mib = new MemoryFs(1 << 20, 0, 0, 0755);

    private long freeBlocks() {
        return mib.statfs(USER, 1).bfree();
    }

    @Test
    @DisplayName("extended attributes count against the size: df shows them, ENOSPC when full, nothing stored is lost")
    void xattrsCountAgainstTheSize() {
        long ino = mib.mknod(USER, FileSystem.ROOT, "f", Mode.S_IFREG | 0644, 0, 0).nodeid();
        long freeBefore = freeBlocks();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(64 << 10).fill((byte) 'v');
            int stored = fillUntilFull(100, i -> mib.setxattr(USER, ino, "user.x" + i, value, 0, 0));
            assertTrue(stored >= 14 && stored <= 15, stored + " xattrs of 64 KiB fit in 1 MiB");
            assertTrue(freeBlocks() < 16, "df shows the xattrs: " + mib.statfs(USER, 1));
            MemorySegment bigger = arena.allocate(192 << 10);
            assertEquals(Errno.ENOSPC, errno(() -> mib.setxattr(USER, ino, "user.x0", bigger, 0, 0)));
            for (int i = 0; i < stored; i++) {
                assertEquals(64 << 10, mib.getxattr(USER, ino, "user.x" + i).length, "user.x" + i + " kept");
            }
            for (int i = 0; i < stored; i++) {
                mib.removexattr(USER, ino, "user.x" + i);
            }
        }
        assertEquals(freeBefore, freeBlocks(), "removing the xattrs gives the space back");
    }

    @Test
    @DisplayName("entry names count against the size: hard links under long names fill it, then ENOSPC; a rename too")
    void namesCountAgainstTheSize() {
        long ino = mib.mknod(USER, FileSystem.ROOT, "f", Mode.S_IFREG | 0644, 0, 0).nodeid();
        long freeBefore = freeBlocks();
        String longName = "n".repeat(240);
        int links = fillUntilFull(10_000, i -> mib.link(USER, ino, FileSystem.ROOT, longName + i));
        assertTrue(links > 100 && links < 4096, links + " links with 240-byte names in 1 MiB");
        assertTrue(freeBlocks() <= 1, "df shows the names: " + mib.statfs(USER, 1));
        assertEquals(Errno.ENOSPC, errno(() -> mib.rename(USER, 1, "f", 1, "r".repeat(255), 0)));
        assertEquals(ino, mib.lookup(USER, FileSystem.ROOT, "f").nodeid(), "the old name is kept");
        assertEquals(links + 1, mib.getattr(USER, ino, FileSystem.NO_FH).nlink());
        for (int i = 0; i < links; i++) {
            mib.unlink(USER, FileSystem.ROOT, longName + i);
        }
        assertEquals(freeBefore, freeBlocks(), "unlinking gives the space back");
    }

    @Test
    @DisplayName("symlink targets and inodes count against the size: df shows them, ENOSPC when full")
    void symlinksCountAgainstTheSize() {
        long freeBefore = freeBlocks();
        String target = "t".repeat(4000);
        int made = fillUntilFull(1000, i -> mib.symlink(USER, target + i, FileSystem.ROOT, "l" + i));
        assertTrue(made > 50 && made < 256, made + " symlinks to 4000-byte targets in 1 MiB");
        assertTrue(freeBlocks() <= 1, "df shows the targets: " + mib.statfs(USER, 1));
        for (int i = 0; i < made; i++) {
            assertEquals(target + i, mib.readlink(USER, mib.lookup(USER, FileSystem.ROOT, "l" + i).nodeid()));
        }
        for (int i = 0; i < made; i++) {
            long l = mib.lookup(USER, FileSystem.ROOT, "l" + i).nodeid();
            mib.unlink(USER, FileSystem.ROOT, "l" + i);
            mib.forget(l, 3);
        }
        assertEquals(freeBefore, freeBlocks(), "removing the symlinks gives the space back");
    }

    /** Runs {@code op(0)}, {@code op(1)}, ... until it fails with ENOSPC, at most {@code bound} times; returns how many succeeded. */
    private static int fillUntilFull(int bound, java.util.function.IntConsumer op) {
        for (int i = 0; i < bound; i++) {
            try {
                op.accept(i);
            } catch (FuseException e) {
                assertEquals(Errno.ENOSPC, e.errno(), "after " + i);
                return i;
            }
        }
        throw new AssertionError(bound + " operations and still no ENOSPC");
    }

    @Test
    @DisplayName("readdir offsets stay valid while earlier entries are removed")
    void readdirOffsetsStable() {
        MemoryFs fs = new MemoryFs(1 << 20, 0, 0, 0755);
        for (int i = 0; i < 10; i++) {
            fs.mknod(USER, FileSystem.ROOT, "n" + i, Mode.S_IFREG | 0644, 0, 0);
        }
        java.util.List<String> first = new java.util.ArrayList<>();
        long[] next = {0};
        fs.readdir(USER, FileSystem.ROOT, 0, 0, filler(first, next, 6));
        fs.unlink(USER, FileSystem.ROOT, "n0");
        fs.unlink(USER, FileSystem.ROOT, "n1");
        java.util.List<String> rest = new java.util.ArrayList<>();
        fs.readdir(USER, FileSystem.ROOT, 0, next[0], filler(rest, next, 100));
        assertEquals(java.util.List.of(".", "..", "n0", "n1", "n2", "n3"), first);
        assertEquals(java.util.List.of("n4", "n5", "n6", "n7", "n8", "n9"), rest);
    }

    private static dev.panamafuse.DirectoryFiller filler(java.util.List<String> names, long[] next, int max) {
        return new dev.panamafuse.DirectoryFiller() {
            @Override
            public boolean add(String name, long ino, int mode, long nextOffset) {
                if (names.size() >= max) {
                    return false;
                }
                names.add(name);
                next[0] = nextOffset;
                return true;
            }

            @Override
            public boolean add(String name, Entry entry, long nextOffset) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean isPlus() {
                return false;
            }
        };
    }

    @Test
    @DisplayName("rename: NOREPLACE gives EEXIST, EXCHANGE swaps, a directory cannot move into itself")
    void renameFlags() {
        MemoryFs fs = new MemoryFs(1 << 20, 0, 0, 0755);
        long a = fs.mknod(USER, FileSystem.ROOT, "a", Mode.S_IFREG | 0644, 0, 0).nodeid();
        long b = fs.mknod(USER, FileSystem.ROOT, "b", Mode.S_IFREG | 0644, 0, 0).nodeid();
        assertEquals(Errno.EEXIST, errno(() -> fs.rename(USER, 1, "a", 1, "b", FileSystem.RENAME_NOREPLACE)));
        fs.rename(USER, 1, "a", 1, "b", FileSystem.RENAME_EXCHANGE);
        assertEquals(b, fs.lookup(USER, 1, "a").nodeid());
        assertEquals(a, fs.lookup(USER, 1, "b").nodeid());
        long d = fs.mkdir(USER, 1, "d", 0755, 0).nodeid();
        long sub = fs.mkdir(USER, d, "sub", 0755, 0).nodeid();
        assertEquals(Errno.EINVAL, errno(() -> fs.rename(USER, 1, "d", sub, "x", 0)));
        assertTrue(fs.getattr(USER, d, FileSystem.NO_FH).nlink() == 3);
    }

    @Test
    @DisplayName("a zero file reads zeros up to its size, stores nothing and refuses writes")
    void zeroFile() {
        MemoryFs fs = new MemoryFs(1 << 20, 0, 0, 0755);
        fs.addZeroFile("zero", 4L << 30);
        Entry e = fs.lookup(USER, FileSystem.ROOT, "zero");
        assertEquals(4L << 30, e.attr().size());
        assertEquals(0444, e.attr().mode() & 07777);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(8192);
            buf.fill((byte) 7);
            assertEquals(8192, fs.read(USER, e.nodeid(), 0, 1L << 30, buf));
            assertEquals(0, buf.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 8191));
            assertEquals(100, fs.read(USER, e.nodeid(), 0, (4L << 30) - 100, buf));
            assertEquals(0, fs.read(USER, e.nodeid(), 0, 4L << 30, buf));
            assertEquals(Errno.EPERM, errno(() -> fs.write(USER, e.nodeid(), 0, 0, buf, 0)));
        }
        assertEquals(Errno.EACCES, errno(() -> fs.open(USER, e.nodeid(), 2)));
        assertEquals(255, fs.statfs(USER, 1).bfree(), "no data stored: one page for the two inodes and the name");
    }
}
