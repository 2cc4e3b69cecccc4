package dev.panamafuse.ffm.posix;

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

/** AtCalls, EntryCalls and StatxResult against the real kernel; java.nio.file is the independent oracle. */
class AtCallsTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final int PATH_FLAGS = OpenFlags.O_PATH | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC;

    private static int openDir(Path dir) throws IOException {
        return AtCalls.openat(AtCalls.AT_FDCWD, dir.toString(), OpenFlags.O_PATH | OpenFlags.O_DIRECTORY | OpenFlags.O_CLOEXEC, 0);
    }

    @Test
    void structLayoutsHaveTheKernelSizes() {
        assertEquals(256, StatxResult.LAYOUT.byteSize());
        assertEquals(24, AtCalls.OPEN_HOW.byteSize());
        assertEquals(32, LockCalls.FLOCK.byteSize());
        assertEquals(120, DescriptorCalls.STATFS.byteSize());
    }

    @Test
    void createStatRenameLinkAndRemoveRelativeToADirectory(@TempDir Path dir) throws IOException {
        int d = openDir(dir);
        try (Arena arena = Arena.ofConfined()) {
            EntryCalls.mkdirat(d, "sub", 0750);
            assertTrue(Files.isDirectory(dir.resolve("sub")));
            EntryCalls.mknodat(d, "fifo", 0010644, 0);
            assertTrue(Files.readAttributes(dir.resolve("fifo"), java.nio.file.attribute.BasicFileAttributes.class).isOther());
            int f = AtCalls.openat(d, "file", OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC, 0600);
            DescriptorCalls.close(f);
            LibcException exists = assertThrows(LibcException.class,
                    () -> AtCalls.openat(d, "file", OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_WRONLY, 0600));
            assertEquals(Errno.EEXIST.code(), exists.errno());

            MemorySegment st = arena.allocate(StatxResult.LAYOUT);
            AtCalls.statx(d, "file", AtCalls.AT_SYMLINK_NOFOLLOW, StatxResult.STATX_BASIC_STATS, st);
            assertEquals(0100600, StatxResult.read(st).mode());
            assertEquals(Files.getAttribute(dir.resolve("file"), "unix:ino"), StatxResult.read(st).ino());
            assertEquals(1, StatxResult.read(st).nlink());

            EntryCalls.linkat(d, "file", d, "hard", 0);
            AtCalls.statx(d, "file", 0, StatxResult.STATX_BASIC_STATS, st);
            assertEquals(2, StatxResult.read(st).nlink());
            EntryCalls.renameat2(d, "file", d, "sub", EntryCalls.RENAME_EXCHANGE);
            assertTrue(Files.isDirectory(dir.resolve("file")) && Files.isRegularFile(dir.resolve("sub")));
            LibcException noreplace = assertThrows(LibcException.class,
                    () -> EntryCalls.renameat2(d, "sub", d, "hard", EntryCalls.RENAME_NOREPLACE));
            assertEquals(Errno.EEXIST.code(), noreplace.errno());
            EntryCalls.unlinkat(d, "hard", 0);
            EntryCalls.unlinkat(d, "file", EntryCalls.AT_REMOVEDIR);
            assertFalse(Files.exists(dir.resolve("hard")) || Files.exists(dir.resolve("file")));
        } finally {
            DescriptorCalls.close(d);
        }
    }

    @Test
    void symlinksAreCreatedReadAndChangedAsThemselves(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("target"), "t");
        int d = openDir(dir);
        try {
            EntryCalls.symlinkat("target", d, "link");
            assertEquals("target", AtCalls.readlinkat(d, "link"));
            int l = AtCalls.openat(d, "link", PATH_FLAGS, 0);
            try {
                assertEquals("target", AtCalls.readlinkat(l, ""));
                AtCalls.fchownat(l, "", 4321, 4321, AtCalls.AT_EMPTY_PATH | AtCalls.AT_SYMLINK_NOFOLLOW);
                AtCalls.utimensat(l, "", 0, AtCalls.UTIME_OMIT, 1000, 0, AtCalls.AT_EMPTY_PATH | AtCalls.AT_SYMLINK_NOFOLLOW);
            } finally {
                DescriptorCalls.close(l);
            }
            assertEquals(4321, Files.getAttribute(dir.resolve("link"), "unix:uid", NOFOLLOW));
            assertEquals(FileTime.fromMillis(1_000_000), Files.getLastModifiedTime(dir.resolve("link"), NOFOLLOW));
            assertEquals(0, Files.getAttribute(dir.resolve("target"), "unix:uid"));
            AtCalls.fchmodat(d, "target", 0604, 0);
            assertEquals(0604, (Integer) Files.getAttribute(dir.resolve("target"), "unix:mode") & 07777);
        } finally {
            DescriptorCalls.close(d);
        }
    }

    @Test
    void openat2StaysBeneathTheDirectory(@TempDir Path dir) throws IOException {
        Path inner = Files.createDirectory(dir.resolve("inner"));
        Files.createSymbolicLink(inner.resolve("up"), Path.of(".."));
        int d = openDir(inner);
        long resolve = OpenFlags.RESOLVE_BENEATH | OpenFlags.RESOLVE_NO_SYMLINKS | OpenFlags.RESOLVE_NO_MAGICLINKS;
        try {
            LibcException dotdot = assertThrows(LibcException.class,
                    () -> AtCalls.openat2(d, "..", OpenFlags.O_PATH, 0, resolve));
            assertEquals(Errno.EXDEV.code(), dotdot.errno());
            LibcException link = assertThrows(LibcException.class,
                    () -> AtCalls.openat2(d, "up/inner", OpenFlags.O_PATH, 0, resolve));
            assertEquals(Errno.ELOOP.code(), link.errno());
            // a final link with O_PATH | O_NOFOLLOW is opened as itself
            int l = AtCalls.openat2(d, "up", OpenFlags.O_PATH | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC, 0, resolve);
            DescriptorCalls.close(l);
        } finally {
            DescriptorCalls.close(d);
        }
    }

    @Test
    void namesThatAreNotUtf8RoundTrip(@TempDir Path dir) throws IOException {
        int d = openDir(dir);
        try {
            String name = "bad-\uDCFF";
            EntryCalls.mkdirat(d, name, 0755);
            EntryCalls.symlinkat(name, d, "l");
            assertEquals(name, AtCalls.readlinkat(d, "l"));
            EntryCalls.unlinkat(d, name, EntryCalls.AT_REMOVEDIR);
        } finally {
            DescriptorCalls.close(d);
        }
    }

    @Test
    void statxAsATypedResultAndTheEncodedPathFormsAgreeWithNio(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "12345");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_500_000_000_123L));
        int d = openDir(dir);
        try (Arena arena = Arena.ofConfined()) {
            StatxResult st = AtCalls.statx(d, "file", AtCalls.AT_SYMLINK_NOFOLLOW, StatxResult.STATX_BASIC_STATS);
            assertEquals(5, st.size());
            assertEquals(0100000, st.mode() & 0170000);
            assertEquals(Files.getAttribute(file, "unix:ino"), st.ino());
            assertEquals(Files.getAttribute(file, "unix:nlink"), st.nlink());
            assertEquals(Files.getLastModifiedTime(file).toInstant(), st.mtime());
            assertEquals((long) Files.getAttribute(file, "unix:dev"),
                    ((long) st.devMajor() & 0xfff) << 8 | (st.devMinor() & 0xff) | ((long) st.devMinor() & ~0xff) << 12);
            StatxResult self = AtCalls.statx(d, "", AtCalls.AT_EMPTY_PATH, StatxResult.STATX_BASIC_STATS);
            assertEquals(Files.getAttribute(dir, "unix:ino"), self.ino());
            assertEquals(st.dev(), self.dev(), "one filesystem");

            MemorySegment cPath = LibcCall.cString(arena, file.toString());
            MemorySegment buf = arena.allocate(StatxResult.LAYOUT);
            AtCalls.statx(AtCalls.AT_FDCWD, cPath, 0, StatxResult.STATX_BASIC_STATS, buf);
            assertEquals(st.ino(), StatxResult.read(buf).ino());
            int fd = AtCalls.openat(AtCalls.AT_FDCWD, cPath, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
            int copy = DescriptorCalls.dup(fd);
            DescriptorCalls.close(fd);
            MemorySegment data = arena.allocate(5);
            assertEquals(5, DescriptorCalls.pread(copy, data, 0), "the dup reads the same file");
            DescriptorCalls.close(copy);
            EntryCalls.unlinkat(AtCalls.AT_FDCWD, cPath, 0);
            assertFalse(Files.exists(file));
            LibcException gone = assertThrows(LibcException.class,
                    () -> AtCalls.openat(AtCalls.AT_FDCWD, cPath, OpenFlags.O_RDONLY, 0));
            assertEquals("openat(-100, \"" + file + "\") failed: ENOENT (No such file or directory)", gone.getMessage());
        } finally {
            DescriptorCalls.close(d);
        }
    }
}
