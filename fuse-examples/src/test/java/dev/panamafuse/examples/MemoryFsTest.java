package dev.panamafuse.examples;

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
            for (int i = 0; i < 16; i++) {
                assertEquals(4096, fs.write(USER, ino, 0, (long) i << 30, page, 0));
            }
            assertEquals(Errno.ENOSPC, errno(() -> fs.write(USER, ino, 0, 17L << 30, page, 0)));
            StatFs st = fs.statfs(USER, 1);
            assertEquals(0, st.bfree());
            assertEquals(Errno.EFBIG, errno(() -> fs.fallocate(USER, ino, 0, 0, Long.MAX_VALUE - 10, 100)));
            fs.setattr(USER, ino, new SetAttr(SetAttr.FATTR_SIZE, 0, 0, 0, null, null, null, 0, 0, 0));
            assertEquals(16, fs.statfs(USER, 1).bfree(), "truncate to 0 frees every page");
        }
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
        assertEquals(256, fs.statfs(USER, 1).bfree(), "nothing stored");
    }
}
