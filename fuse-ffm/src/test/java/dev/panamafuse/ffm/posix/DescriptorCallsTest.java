package dev.panamafuse.ffm.posix;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
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

/** DescriptorCalls against the real kernel. */
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

}
