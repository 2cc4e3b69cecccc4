package dev.panamafuse.ffm.posix;

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

/** DescriptorCalls, LockCalls and XattrCalls against the real kernel. */
class DescriptorCallsTest {

    private static int open(Path p, int flags) throws IOException {
        return AtCalls.openat(AtCalls.AT_FDCWD, p.toString(), flags | OpenFlags.O_CLOEXEC, 0644);
    }

    @Test
    void positionedIoTruncateAllocateCopyAndSeek(@TempDir Path dir) throws IOException {
        int fd = open(dir.resolve("f"), OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        int out = open(dir.resolve("g"), OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocateFrom("hello", StandardCharsets.US_ASCII).asSlice(0, 5);
            assertEquals(5, DescriptorCalls.pwrite(fd, data.asReadOnly(), 1 << 20));
            MemorySegment buf = arena.allocate(16);
            assertEquals(5, DescriptorCalls.pread(fd, buf, 1 << 20));
            assertEquals("hello", new String(buf.asSlice(0, 5).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
            assertEquals(0, DescriptorCalls.pread(fd, buf, 2 << 20), "past the end");
            assertEquals(1 << 20, DescriptorCalls.lseek(fd, 0, DescriptorCalls.SEEK_DATA), "the start is a hole");
            assertEquals(0, DescriptorCalls.lseek(fd, 0, DescriptorCalls.SEEK_HOLE));
            LibcException nxio = assertThrows(LibcException.class, () -> DescriptorCalls.lseek(fd, 3 << 20, DescriptorCalls.SEEK_DATA));
            assertEquals(Errno.ENXIO.code(), nxio.errno());
            assertEquals(5, DescriptorCalls.copyFileRange(fd, 1 << 20, out, 0, 100, 0));
            assertEquals("hello", Files.readString(dir.resolve("g")));
            DescriptorCalls.fallocate(out, 1, 0, 8192);
            assertEquals(5, Files.size(dir.resolve("g")), "FALLOC_FL_KEEP_SIZE");
            DescriptorCalls.ftruncate(fd, 3);
            DescriptorCalls.fsync(fd, false);
            DescriptorCalls.fsync(fd, true);
            assertEquals(3, Files.size(dir.resolve("f")));
        } finally {
            DescriptorCalls.close(fd);
            DescriptorCalls.close(out);
        }
    }

    @Test
    void fstatfsAndGetdents(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a"), "");
        Files.createDirectory(dir.resolve("b"));
        int fd = open(dir, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = arena.allocate(DescriptorCalls.STATFS);
            DescriptorCalls.fstatfs(fd, st);
            assertTrue(st.get(JAVA_LONG, 8) > 0, "f_bsize");
            assertEquals(Files.getFileStore(dir).getTotalSpace(), st.get(JAVA_LONG, 16) * st.get(JAVA_LONG, 72));
            MemorySegment buf = arena.allocate(4096, 8);
            Set<String> names = new HashSet<>();
            for (int n; (n = DescriptorCalls.getdents64(fd, buf)) > 0; ) {
                for (int pos = 0; pos < n; ) {
                    MemorySegment e = buf.asSlice(pos);
                    names.add(e.getString(19) + ":" + e.get(ValueLayout.JAVA_BYTE, 18));
                    pos += Short.toUnsignedInt(e.get(JAVA_SHORT, 16));
                }
            }
            assertEquals(Set.of(".:4", "..:4", "a:8", "b:4"), names);
        } finally {
            DescriptorCalls.close(fd);
        }
    }

    @Test
    void ofdLocksConflictBetweenDescriptionsAndFlockToo(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");
        int a = open(f, OpenFlags.O_RDWR);
        int b = open(f, OpenFlags.O_RDWR);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lock = arena.allocate(LockCalls.FLOCK);
            lock.set(JAVA_SHORT, 0, (short) 1); // F_WRLCK, whole file
            LockCalls.fcntlLock(a, LockCalls.F_OFD_SETLK, lock);
            LibcException busy = assertThrows(LibcException.class, () -> LockCalls.fcntlLock(b, LockCalls.F_OFD_SETLK, lock));
            assertEquals(Errno.EAGAIN.code(), busy.errno());
            LockCalls.fcntlLock(b, LockCalls.F_OFD_GETLK, lock);
            assertEquals(1, lock.get(JAVA_SHORT, 0), "the conflicting lock is reported");
            LockCalls.flock(a, LockCalls.LOCK_EX | LockCalls.LOCK_NB);
            LibcException held = assertThrows(LibcException.class,
                    () -> LockCalls.flock(b, LockCalls.LOCK_SH | LockCalls.LOCK_NB));
            assertEquals(Errno.EAGAIN.code(), held.errno());
            LockCalls.flock(a, LockCalls.LOCK_UN);
            LockCalls.flock(b, LockCalls.LOCK_SH | LockCalls.LOCK_NB);
        } finally {
            DescriptorCalls.close(a);
            DescriptorCalls.close(b);
        }
    }

    @Test
    void xattrsThroughProcFdActOnALinkItself(@TempDir Path dir) throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "t");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("target"));
        int l = AtCalls.openat(AtCalls.AT_FDCWD, dir.resolve("link").toString(),
                OpenFlags.O_PATH | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC, 0);
        String proc = "/proc/self/fd/" + l;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocateFrom("on-link", StandardCharsets.US_ASCII).asSlice(0, 7);
            XattrCalls.setxattr(proc, "trusted.t", v, XattrCalls.XATTR_CREATE, true);
            assertArrayEquals("on-link".getBytes(StandardCharsets.US_ASCII), XattrCalls.getxattr(proc, "trusted.t", true));
            assertEquals(java.util.List.of("trusted.t"), XattrCalls.listxattr(dir.resolve("link").toString(), false));
            LibcException none = assertThrows(LibcException.class,
                    () -> XattrCalls.getxattr(target.toString(), "trusted.t", true));
            assertEquals(Errno.ENODATA.code(), none.errno());
            MemorySegment big = arena.allocate(1000).fill((byte) 'v');
            XattrCalls.setxattr(target.toString(), "user.big", big, 0, true);
            assertEquals(1000, XattrCalls.getxattr(target.toString(), "user.big", true).length, "grown past the first try");
            XattrCalls.removexattr(proc, "trusted.t", true);
            assertEquals(java.util.List.of(), XattrCalls.listxattr(proc, true));
        } finally {
            DescriptorCalls.close(l);
        }
    }

    @Test
    void processLocksAreTestedWithGetlkAndSyncfsWorks(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");
        int a = open(f, OpenFlags.O_RDWR);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lock = arena.allocate(LockCalls.FLOCK);
            lock.set(JAVA_SHORT, 0, LockCalls.F_WRLCK);
            LockCalls.fcntlLock(a, LockCalls.F_SETLK, lock);
            lock.set(JAVA_SHORT, 0, LockCalls.F_WRLCK);
            LockCalls.fcntlLock(a, LockCalls.F_GETLK, lock);
            assertEquals(LockCalls.F_UNLCK, lock.get(JAVA_SHORT, 0), "a process never conflicts with itself");
            lock.set(JAVA_SHORT, 0, LockCalls.F_UNLCK);
            LockCalls.fcntlLock(a, LockCalls.F_SETLK, lock);
            DescriptorCalls.syncfs(a);
        } finally {
            DescriptorCalls.close(a);
        }
        LibcException e = assertThrows(LibcException.class, () -> DescriptorCalls.syncfs(a));
        assertEquals(Errno.EBADF.code(), e.errno());
        assertEquals("syncfs(" + a + ") failed: EBADF (Bad file descriptor)", e.getMessage());
    }
}
