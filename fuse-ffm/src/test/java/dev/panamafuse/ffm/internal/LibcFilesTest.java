package dev.panamafuse.ffm.internal;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Errno;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LibcFiles and LibcXattr against the real kernel. */
class LibcFilesTest {

    private static int open(Path p, int flags) throws IOException {
        return LibcAt.openat(LibcAt.AT_FDCWD, p.toString(), flags | Libc.O_CLOEXEC, 0644);
    }

    @Test
    void positionedIoTruncateAllocateCopyAndSeek(@TempDir Path dir) throws IOException {
        int fd = open(dir.resolve("f"), Libc.O_RDWR | LibcAt.O_CREAT);
        int out = open(dir.resolve("g"), Libc.O_RDWR | LibcAt.O_CREAT);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocateFrom("hello", StandardCharsets.US_ASCII).asSlice(0, 5);
            assertEquals(5, LibcFiles.pwrite(fd, data.asReadOnly(), 1 << 20));
            MemorySegment buf = arena.allocate(16);
            assertEquals(5, LibcFiles.pread(fd, buf, 1 << 20));
            assertEquals("hello", new String(buf.asSlice(0, 5).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
            assertEquals(0, LibcFiles.pread(fd, buf, 2 << 20), "past the end");
            assertEquals(1 << 20, LibcFiles.lseek(fd, 0, LibcFiles.SEEK_DATA), "the start is a hole");
            assertEquals(0, LibcFiles.lseek(fd, 0, LibcFiles.SEEK_HOLE));
            LibcException nxio = assertThrows(LibcException.class, () -> LibcFiles.lseek(fd, 3 << 20, LibcFiles.SEEK_DATA));
            assertEquals(Errno.ENXIO.code(), nxio.errno());
            assertEquals(5, LibcFiles.copyFileRange(fd, 1 << 20, out, 0, 100, 0));
            assertEquals("hello", Files.readString(dir.resolve("g")));
            LibcFiles.fallocate(out, 1, 0, 8192);
            assertEquals(5, Files.size(dir.resolve("g")), "FALLOC_FL_KEEP_SIZE");
            LibcFiles.ftruncate(fd, 3);
            LibcFiles.fsync(fd, false);
            LibcFiles.fsync(fd, true);
            assertEquals(3, Files.size(dir.resolve("f")));
        } finally {
            Libc.close(fd);
            Libc.close(out);
        }
    }

    @Test
    void fstatfsAndGetdents(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a"), "");
        Files.createDirectory(dir.resolve("b"));
        int fd = open(dir, Libc.O_RDONLY | LibcAt.O_DIRECTORY);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = arena.allocate(LibcFiles.STATFS);
            LibcFiles.fstatfs(fd, st);
            assertTrue(st.get(JAVA_LONG, 8) > 0, "f_bsize");
            assertEquals(Files.getFileStore(dir).getTotalSpace(), st.get(JAVA_LONG, 16) * st.get(JAVA_LONG, 72));
            MemorySegment buf = arena.allocate(4096, 8);
            Set<String> names = new HashSet<>();
            for (int n; (n = LibcFiles.getdents64(fd, buf)) > 0; ) {
                for (int pos = 0; pos < n; ) {
                    MemorySegment e = buf.asSlice(pos);
                    names.add(e.getString(19) + ":" + e.get(ValueLayout.JAVA_BYTE, 18));
                    pos += Short.toUnsignedInt(e.get(JAVA_SHORT, 16));
                }
            }
            assertEquals(Set.of(".:4", "..:4", "a:8", "b:4"), names);
        } finally {
            Libc.close(fd);
        }
    }

    @Test
    void ofdLocksConflictBetweenDescriptionsAndFlockToo(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");
        int a = open(f, Libc.O_RDWR);
        int b = open(f, Libc.O_RDWR);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lock = arena.allocate(LibcFiles.FLOCK);
            lock.set(JAVA_SHORT, 0, (short) 1); // F_WRLCK, whole file
            LibcFiles.fcntlLock(a, LibcFiles.F_OFD_SETLK, lock);
            LibcException busy = assertThrows(LibcException.class, () -> LibcFiles.fcntlLock(b, LibcFiles.F_OFD_SETLK, lock));
            assertEquals(Errno.EAGAIN.code(), busy.errno());
            LibcFiles.fcntlLock(b, LibcFiles.F_OFD_GETLK, lock);
            assertEquals(1, lock.get(JAVA_SHORT, 0), "the conflicting lock is reported");
            LibcFiles.flock(a, LibcFiles.LOCK_EX | LibcFiles.LOCK_NB);
            LibcException held = assertThrows(LibcException.class,
                    () -> LibcFiles.flock(b, LibcFiles.LOCK_SH | LibcFiles.LOCK_NB));
            assertEquals(Errno.EAGAIN.code(), held.errno());
            LibcFiles.flock(a, LibcFiles.LOCK_UN);
            LibcFiles.flock(b, LibcFiles.LOCK_SH | LibcFiles.LOCK_NB);
        } finally {
            Libc.close(a);
            Libc.close(b);
        }
    }

    @Test
    void xattrsThroughProcFdActOnALinkItself(@TempDir Path dir) throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "t");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("target"));
        int l = LibcAt.openat(LibcAt.AT_FDCWD, dir.resolve("link").toString(),
                LibcAt.O_PATH | LibcAt.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        String proc = "/proc/self/fd/" + l;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocateFrom("on-link", StandardCharsets.US_ASCII).asSlice(0, 7);
            LibcXattr.setxattr(proc, "trusted.t", v, LibcXattr.XATTR_CREATE, true);
            assertArrayEquals("on-link".getBytes(StandardCharsets.US_ASCII), LibcXattr.getxattr(proc, "trusted.t", true));
            assertEquals(java.util.List.of("trusted.t"), LibcXattr.listxattr(dir.resolve("link").toString(), false));
            LibcException none = assertThrows(LibcException.class,
                    () -> LibcXattr.getxattr(target.toString(), "trusted.t", true));
            assertEquals(Errno.ENODATA.code(), none.errno());
            MemorySegment big = arena.allocate(1000).fill((byte) 'v');
            LibcXattr.setxattr(target.toString(), "user.big", big, 0, true);
            assertEquals(1000, LibcXattr.getxattr(target.toString(), "user.big", true).length, "grown past the first try");
            LibcXattr.removexattr(proc, "trusted.t", true);
            assertEquals(java.util.List.of(), LibcXattr.listxattr(proc, true));
        } finally {
            Libc.close(l);
        }
    }
}
