package dev.panamafuse.ffm.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panamafuse.Errno;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** XattrCalls against the real kernel. */
class XattrCallsTest {

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
}
