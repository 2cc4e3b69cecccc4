package dev.panamafuse.ffm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Errno;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LibcAt and StatxStruct against the real kernel; java.nio.file is the independent oracle. */
class LibcAtTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final int PATH_FLAGS = LibcAt.O_PATH | LibcAt.O_NOFOLLOW | Libc.O_CLOEXEC;

    private static int openDir(Path dir) throws IOException {
        return LibcAt.openat(LibcAt.AT_FDCWD, dir.toString(), LibcAt.O_PATH | LibcAt.O_DIRECTORY | Libc.O_CLOEXEC, 0);
    }

    @Test
    void structLayoutsHaveTheKernelSizes() {
        assertEquals(256, StatxStruct.LAYOUT.byteSize());
        assertEquals(24, LibcAt.OPEN_HOW.byteSize());
        assertEquals(32, LibcFiles.FLOCK.byteSize());
        assertEquals(120, LibcFiles.STATFS.byteSize());
    }

    @Test
    void createStatRenameLinkAndRemoveRelativeToADirectory(@TempDir Path dir) throws IOException {
        int d = openDir(dir);
        try (Arena arena = Arena.ofConfined()) {
            LibcAt.mkdirat(d, "sub", 0750);
            assertTrue(Files.isDirectory(dir.resolve("sub")));
            LibcAt.mknodat(d, "fifo", 0010644, 0);
            assertTrue(Files.readAttributes(dir.resolve("fifo"), java.nio.file.attribute.BasicFileAttributes.class).isOther());
            int f = LibcAt.openat(d, "file", LibcAt.O_CREAT | LibcAt.O_EXCL | Libc.O_WRONLY | Libc.O_CLOEXEC, 0600);
            Libc.close(f);
            LibcException exists = assertThrows(LibcException.class,
                    () -> LibcAt.openat(d, "file", LibcAt.O_CREAT | LibcAt.O_EXCL | Libc.O_WRONLY, 0600));
            assertEquals(Errno.EEXIST.code(), exists.errno());

            MemorySegment st = arena.allocate(StatxStruct.LAYOUT);
            LibcAt.statx(d, "file", LibcAt.AT_SYMLINK_NOFOLLOW, LibcAt.STATX_BASIC_STATS, st);
            assertEquals(0100600, StatxStruct.mode(st));
            assertEquals(Files.getAttribute(dir.resolve("file"), "unix:ino"), StatxStruct.ino(st));
            assertEquals(1, StatxStruct.nlink(st));

            LibcAt.linkat(d, "file", d, "hard", 0);
            LibcAt.statx(d, "file", 0, LibcAt.STATX_BASIC_STATS, st);
            assertEquals(2, StatxStruct.nlink(st));
            LibcAt.renameat2(d, "file", d, "sub", LibcAt.RENAME_EXCHANGE);
            assertTrue(Files.isDirectory(dir.resolve("file")) && Files.isRegularFile(dir.resolve("sub")));
            LibcException noreplace = assertThrows(LibcException.class,
                    () -> LibcAt.renameat2(d, "sub", d, "hard", LibcAt.RENAME_NOREPLACE));
            assertEquals(Errno.EEXIST.code(), noreplace.errno());
            LibcAt.unlinkat(d, "hard", 0);
            LibcAt.unlinkat(d, "file", LibcAt.AT_REMOVEDIR);
            assertFalse(Files.exists(dir.resolve("hard")) || Files.exists(dir.resolve("file")));
        } finally {
            Libc.close(d);
        }
    }

    @Test
    void symlinksAreCreatedReadAndChangedAsThemselves(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("target"), "t");
        int d = openDir(dir);
        try {
            LibcAt.symlinkat("target", d, "link");
            assertEquals("target", LibcAt.readlinkat(d, "link"));
            int l = LibcAt.openat(d, "link", PATH_FLAGS, 0);
            try {
                assertEquals("target", LibcAt.readlinkat(l, ""));
                LibcAt.fchownat(l, "", 4321, 4321, LibcAt.AT_EMPTY_PATH | LibcAt.AT_SYMLINK_NOFOLLOW);
                LibcAt.utimensat(l, "", 0, LibcAt.UTIME_OMIT, 1000, 0, LibcAt.AT_EMPTY_PATH | LibcAt.AT_SYMLINK_NOFOLLOW);
            } finally {
                Libc.close(l);
            }
            assertEquals(4321, Files.getAttribute(dir.resolve("link"), "unix:uid", NOFOLLOW));
            assertEquals(FileTime.fromMillis(1_000_000), Files.getLastModifiedTime(dir.resolve("link"), NOFOLLOW));
            assertEquals(0, Files.getAttribute(dir.resolve("target"), "unix:uid"));
            LibcAt.fchmodat(d, "target", 0604, 0);
            assertEquals(0604, (Integer) Files.getAttribute(dir.resolve("target"), "unix:mode") & 07777);
        } finally {
            Libc.close(d);
        }
    }

    @Test
    void openat2StaysBeneathTheDirectory(@TempDir Path dir) throws IOException {
        Path inner = Files.createDirectory(dir.resolve("inner"));
        Files.createSymbolicLink(inner.resolve("up"), Path.of(".."));
        int d = openDir(inner);
        long resolve = LibcAt.RESOLVE_BENEATH | LibcAt.RESOLVE_NO_SYMLINKS | LibcAt.RESOLVE_NO_MAGICLINKS;
        try {
            LibcException dotdot = assertThrows(LibcException.class,
                    () -> LibcAt.openat2(d, "..", LibcAt.O_PATH, 0, resolve));
            assertEquals(Errno.EXDEV.code(), dotdot.errno());
            LibcException link = assertThrows(LibcException.class,
                    () -> LibcAt.openat2(d, "up/inner", LibcAt.O_PATH, 0, resolve));
            assertEquals(Errno.ELOOP.code(), link.errno());
            // a final link with O_PATH | O_NOFOLLOW is opened as itself
            int l = LibcAt.openat2(d, "up", LibcAt.O_PATH | LibcAt.O_NOFOLLOW | Libc.O_CLOEXEC, 0, resolve);
            Libc.close(l);
        } finally {
            Libc.close(d);
        }
    }

    @Test
    void namesThatAreNotUtf8RoundTrip(@TempDir Path dir) throws IOException {
        int d = openDir(dir);
        try {
            String name = "bad-\uDCFF";
            LibcAt.mkdirat(d, name, 0755);
            LibcAt.symlinkat(name, d, "l");
            assertEquals(name, LibcAt.readlinkat(d, "l"));
            LibcAt.unlinkat(d, name, LibcAt.AT_REMOVEDIR);
        } finally {
            Libc.close(d);
        }
    }
}
