package dev.panamafuse.ffm.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a failed call says: the call, its arguments and the errno, and the FuseException it becomes. */
class LibcExceptionTest {

    private static int openDir(Path dir) throws IOException {
        return AtCalls.openat(AtCalls.AT_FDCWD, dir.toString(),
                OpenFlags.O_PATH | OpenFlags.O_DIRECTORY | OpenFlags.O_CLOEXEC, 0);
    }

    @Test
    void theMessageNamesTheCallThePathAndTheErrno(@TempDir Path dir) throws IOException {
        int d = openDir(dir);
        try {
            LibcException e = assertThrows(LibcException.class,
                    () -> AtCalls.openat2(d, "a/b", OpenFlags.O_RDONLY, 0, OpenFlags.RESOLVE_BENEATH));
            assertEquals("openat2(" + d + ", \"a/b\") failed: ENOENT (No such file or directory)", e.getMessage());
            assertTrue(e.getMessage().startsWith("openat2("), e.getMessage());
            assertEquals(Errno.ENOENT, e.toErrno());
            LibcException bad = assertThrows(LibcException.class, () -> DescriptorCalls.close(-1));
            assertEquals("close(-1) failed: EBADF (Bad file descriptor)", bad.getMessage());
        } finally {
            DescriptorCalls.close(d);
        }
    }

    @Test
    void resolveBeneathRefusesDotDotAndAbsolutePathsWithExdev(@TempDir Path dir) throws IOException {
        Files.createDirectory(dir.resolve("in"));
        int d = openDir(dir.resolve("in"));
        try {
            for (String path : new String[] {"..", "../in", "/etc", "./../in/."}) {
                LibcException e = assertThrows(LibcException.class,
                        () -> AtCalls.openat2(d, path, OpenFlags.O_PATH, 0, OpenFlags.RESOLVE_BENEATH), path);
                assertEquals(Errno.EXDEV, e.toErrno(), path);
                assertTrue(e.getMessage().startsWith("openat2(" + d + ", \"" + path + "\") failed: EXDEV"), e.getMessage());
            }
        } finally {
            DescriptorCalls.close(d);
        }
    }

    @Test
    void resolveNoSymlinksRefusesEveryLinkWithEloop(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("file"), "x");
        Files.createDirectory(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("file"));
        Files.createSymbolicLink(dir.resolve("dirlink"), Path.of("sub"));
        int d = openDir(dir);
        try {
            LibcException last = assertThrows(LibcException.class,
                    () -> AtCalls.openat2(d, "link", OpenFlags.O_RDONLY, 0, OpenFlags.RESOLVE_NO_SYMLINKS));
            assertEquals(Errno.ELOOP, last.toErrno());
            LibcException middle = assertThrows(LibcException.class,
                    () -> AtCalls.openat2(d, "dirlink/.", OpenFlags.O_PATH, 0, OpenFlags.RESOLVE_NO_SYMLINKS));
            assertEquals(Errno.ELOOP, middle.toErrno());
            // without the flag the same link is followed
            DescriptorCalls.close(AtCalls.openat2(d, "link", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0, 0));
        } finally {
            DescriptorCalls.close(d);
        }
    }

    @Test
    void toFuseExceptionKeepsTheErrnoAndUnknownOnesBecomeEio() {
        FuseException known = new LibcException("openat", "3, \"x\"", Errno.EACCES.code()).toFuseException();
        assertEquals(Errno.EACCES, known.errno());
        LibcException odd = new LibcException("ioctl", "3", 4000);
        assertTrue(odd.getMessage().startsWith("ioctl(3) failed: "), odd.getMessage());
        FuseException unknown = odd.toFuseException();
        assertEquals(Errno.EIO, unknown.errno());
        assertTrue(unknown.getMessage().contains("ioctl(3)"), unknown.getMessage());
    }

    @Test
    void pathsWithNulAreRefusedInJava() {
        assertThrows(IllegalArgumentException.class,
                () -> AtCalls.openat(AtCalls.AT_FDCWD, "a\0b", OpenFlags.O_RDONLY, 0));
        assertThrows(IllegalArgumentException.class, () -> EntryCalls.mkdirat(AtCalls.AT_FDCWD, "x\0", 0700));
    }
}
