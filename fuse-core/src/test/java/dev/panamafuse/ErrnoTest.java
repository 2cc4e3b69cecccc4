package dev.panamafuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Errno")
class ErrnoTest {

    @Nested
    @DisplayName("codes")
    class Codes {
        @ParameterizedTest(name = "{0} = {1}")
        @CsvSource({
            "EPERM, 1", "ENOENT, 2", "EINTR, 4", "EIO, 5", "EBADF, 9", "EAGAIN, 11", "EACCES, 13", "EEXIST, 17",
            "EXDEV, 18", "ENOTDIR, 20", "EISDIR, 21", "EINVAL, 22", "EFBIG, 27", "ENOSPC, 28", "EROFS, 30",
            "ERANGE, 34", "ENAMETOOLONG, 36", "ENOSYS, 38", "ENOTEMPTY, 39", "ELOOP, 40", "ENODATA, 61",
            "EPROTO, 71", "EOVERFLOW, 75", "EOPNOTSUPP, 95", "ETIMEDOUT, 110", "ESTALE, 116", "EDQUOT, 122",
            "ECANCELED, 125"
        })
        @DisplayName("match Linux (asm-generic/errno-base.h, errno.h)")
        void linuxValues(String name, int code) {
            Errno e = Errno.valueOf(name);
            assertEquals(code, e.code());
            assertSame(e, Errno.fromCode(code));
            assertEquals(name, Errno.nameOf(code));
        }

        @Test
        @DisplayName("every constant has its own code, and fromCode finds it again")
        void unique() {
            Set<Integer> seen = new HashSet<>();
            for (Errno e : Errno.values()) {
                assertTrue(e.code() > 0 && e.code() < 256, e.name());
                assertTrue(seen.add(e.code()), "duplicate code " + e.code());
                assertSame(e, Errno.fromCode(e.code()));
                assertFalse(e.description().isBlank(), e.name());
            }
        }

        @Test
        @DisplayName("fromCode gives null for 0, negatives, gaps and values beyond the table")
        void fromCodeUnknown() {
            assertNull(Errno.fromCode(0));
            assertNull(Errno.fromCode(-2));
            assertNull(Errno.fromCode(41)); // a gap in Linux's numbering (EWOULDBLOCK's old slot is unused)
            assertNull(Errno.fromCode(256));
            assertNull(Errno.fromCode(Integer.MAX_VALUE));
            assertNull(Errno.fromCode(Integer.MIN_VALUE));
        }

        @Test
        @DisplayName("nameOf names unknown values \"errno N\"")
        void nameOfUnknown() {
            assertEquals("errno 999", Errno.nameOf(999));
            assertEquals("errno 0", Errno.nameOf(0));
            assertEquals("errno -5", Errno.nameOf(-5));
        }

        @Test
        @DisplayName("descriptions are the C locale's strerror texts")
        void descriptions() {
            assertEquals("No such file or directory", Errno.ENOENT.description());
            assertEquals("Function not implemented", Errno.ENOSYS.description());
            assertEquals("Read-only file system", Errno.EROFS.description());
        }

        @Test
        @DisplayName("FuseException carries its errno and is stackless")
        void fuseException() {
            FuseException e = new FuseException(Errno.EACCES, "no way");
            assertSame(Errno.EACCES, e.errno());
            assertTrue(e.getMessage().startsWith("EACCES"), e.getMessage());
            assertEquals(0, e.getStackTrace().length);
            assertEquals("ENOENT", new FuseException(Errno.ENOENT).getMessage());
        }
    }

    @Nested
    @DisplayName("Errno.of(IOException)")
    class Of {
        @Test
        @DisplayName("maps each java.nio.file exception as documented")
        void nioExceptions() {
            assertSame(Errno.ENOENT, Errno.of(new NoSuchFileException("/a")));
            assertSame(Errno.EEXIST, Errno.of(new FileAlreadyExistsException("/a")));
            assertSame(Errno.ENOTEMPTY, Errno.of(new DirectoryNotEmptyException("/a")));
            assertSame(Errno.ENOTDIR, Errno.of(new NotDirectoryException("/a")));
            assertSame(Errno.EACCES, Errno.of(new AccessDeniedException("/a")));
            assertSame(Errno.EINVAL, Errno.of(new NotLinkException("/a")));
            assertSame(Errno.ELOOP, Errno.of(new FileSystemLoopException("/a")));
            assertSame(Errno.EXDEV, Errno.of(new AtomicMoveNotSupportedException("/a", "/b", "cross-device")));
        }

        @Test
        @DisplayName("a closed channel (and its subclasses) is EBADF")
        void closedChannel() {
            assertSame(Errno.EBADF, Errno.of(new ClosedChannelException()));
            assertSame(Errno.EBADF, Errno.of(new AsynchronousCloseException()));
        }

        @Test
        @DisplayName("a FileSystemException whose reason is an strerror text gives that errno")
        void byReason() {
            assertSame(Errno.EROFS, Errno.of(new FileSystemException("/a", null, "Read-only file system")));
            assertSame(Errno.ENOSPC, Errno.of(new FileSystemException("/a", null, "No space left on device")));
            assertSame(Errno.EBUSY, Errno.of(new FileSystemException("/a", null, "Device or resource busy")));
            assertSame(Errno.ENAMETOOLONG, Errno.of(new FileSystemException("/a", null, "File name too long")));
        }

        @Test
        @DisplayName("anything else is EIO")
        void otherwiseEio() {
            assertSame(Errno.EIO, Errno.of(new FileSystemException("/a")));
            assertSame(Errno.EIO, Errno.of(new FileSystemException("/a", null, "something odd")));
            assertSame(Errno.EIO, Errno.of(new IOException("boom")));
            assertSame(Errno.EIO, Errno.of(new EOFException()));
        }
    }
}
