package dev.panamafuse.nio;

import static dev.panamafuse.FileSystem.NO_FH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Attr;
import dev.panamafuse.DirectoryEntry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.Request;
import dev.panamafuse.SetAttr;
import dev.panamafuse.path.PathFileSystem;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The java.nio bridge on the default provider (a temporary directory), called without a kernel. */
class NioPathFsTest {
    /** A request from root (uid and gid 0), never interrupted. */
    static final Request REQ = (Request) Proxy.newProxyInstance(Request.class.getClassLoader(),
            new Class<?>[] {Request.class}, (proxy, method, args) -> switch (method.getName()) {
                case "unique", "nodeid" -> 1L;
                case "uid", "gid", "pid" -> 0;
                case "isInterrupted" -> false;
                default -> null;
            });

    @TempDir
    Path dir;

    static Errno errno(Runnable r) {
        return assertThrows(FuseException.class, r::run).errno();
    }

    static byte[] read(PathFileSystem fs, String path, long fh, long offset, int length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dest = arena.allocate(length);
            int n = fs.read(REQ, path, fh, offset, dest);
            return dest.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        }
    }

    static int write(PathFileSystem fs, String path, long fh, long offset, byte[] bytes) {
        return fs.write(REQ, path, fh, offset, MemorySegment.ofArray(bytes));
    }

    @Test
    @DisplayName("attributes of the default provider are those of stat(2)")
    void unixAttributes() throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "hello");
        Files.setPosixFilePermissions(f, NioAttributes.permissions(0640));
        Attr a = NioFileSystem.of(dir).getattr(REQ, "/f", NO_FH);
        assertEquals(Mode.S_IFREG | 0640, a.mode());
        assertEquals(5, a.size());
        assertEquals(Files.getAttribute(f, "unix:ino"), a.ino());
        assertEquals(Errno.ENOENT, errno(() -> {
            try {
                NioFileSystem.of(dir).getattr(REQ, "/missing", NO_FH);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }));
    }

    @Test
    @DisplayName("create, write, read back, truncate both ways, rename, unlink")
    void readWriteCycle() throws IOException {
        PathFileSystem fs = NioFileSystem.of(dir);
        long fh = fs.create(REQ, "/new", Mode.S_IFREG | 0600, 2).fh();
        assertEquals(Mode.S_IFREG | 0600, fs.getattr(REQ, "/new", NO_FH).mode(), "mode exact, no umask");
        assertEquals(5, write(fs, "/new", fh, 0, "hello".getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, write(fs, "/new", fh, 10, "end".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals("llo\0\0\0\0\0en".getBytes(StandardCharsets.UTF_8), read(fs, "/new", fh, 2, 10));
        fs.setattr(REQ, "/new", new SetAttr(SetAttr.FATTR_SIZE, 0, 2, 0, null, null, null, 0, 0, 0));
        assertEquals(2, Files.size(dir.resolve("new")));
        fs.setattr(REQ, "/new", new SetAttr(SetAttr.FATTR_SIZE | SetAttr.FATTR_FH, fh, 6, 0, null, null, null, 0, 0, 0));
        assertArrayEquals(new byte[] {'h', 'e', 0, 0, 0, 0}, Files.readAllBytes(dir.resolve("new")));
        fs.release(REQ, "/new", fh, 2);
        assertEquals(Errno.EBADF, errno(() -> read(fs, "/new", fh, 0, 1)));
        fs.mkdir(REQ, "/d", 0700);
        fs.rename(REQ, "/new", "/d/moved", 0);
        assertEquals(List.of("moved"), fs.readdir(REQ, "/d", 0).stream().map(DirectoryEntry::name).toList());
        assertEquals(Errno.ENOTEMPTY, errno(() -> fs.rmdir(REQ, "/d")));
        assertEquals(Errno.EISDIR, errno(() -> fs.unlink(REQ, "/d")));
        assertEquals(Errno.ENOTDIR, errno(() -> fs.rmdir(REQ, "/d/moved")));
        fs.unlink(REQ, "/d/moved");
        fs.rmdir(REQ, "/d");
        assertTrue(fs.readdir(REQ, "/", 0).isEmpty());
    }

    private static SetAttr ftruncate(long fh, long size) {
        // as the kernel sends ftruncate(2): the size, mtime "now", through the handle
        return new SetAttr(SetAttr.FATTR_SIZE | SetAttr.FATTR_MTIME | SetAttr.FATTR_MTIME_NOW | SetAttr.FATTR_FH, fh,
                size, 0, null, Instant.now(), null, 0, 0, 0);
    }

    private static List<Long> sizeLinksIno(PathFileSystem fs, String path, long fh) {
        Attr a = fs.getattr(REQ, path, fh);
        return List.of(a.size(), (long) a.nlink(), a.ino());
    }

    @Test
    @DisplayName("an unlinked open file answers fstat and ftruncate through its handle, not through its old path")
    void openFileAfterUnlink() throws IOException {
        PathFileSystem fs = NioFileSystem.of(dir);
        long fh = fs.create(REQ, "/f", Mode.S_IFREG | 0600, 2).fh();
        long ino = fs.getattr(REQ, "/f", fh).ino();
        fs.unlink(REQ, "/f");
        assertEquals(7, write(fs, "/f", fh, 0, "written".getBytes(StandardCharsets.UTF_8)));
        Attr a = fs.getattr(REQ, "/f", fh);
        assertEquals(List.of(7L, 0, ino, Mode.S_IFREG | 0600), List.of(a.size(), a.nlink(), a.ino(), a.mode()));
        assertEquals(3, fs.setattr(REQ, "/f", ftruncate(fh, 3)).size());
        assertArrayEquals("wri".getBytes(StandardCharsets.UTF_8), read(fs, "/f", fh, 0, 100));
        Files.writeString(dir.resolve("f"), "another file"); // the old name now names another file
        assertEquals(List.of(3L, 0L, ino), sizeLinksIno(fs, "/f", fh));
        assertEquals(1, fs.setattr(REQ, "/f", ftruncate(fh, 1)).size());
        assertEquals("another file", Files.readString(dir.resolve("f")), "the new file is not touched");
        assertEquals(12, fs.getattr(REQ, "/f", NO_FH).size());
        fs.release(REQ, "/f", fh, 2);
    }

    @Test
    @DisplayName("a file renamed over while open keeps its own attributes; a named one shows the channel's size")
    void openFileAfterRenameOver() throws IOException {
        PathFileSystem fs = NioFileSystem.of(dir);
        Files.writeString(dir.resolve("old"), "old content");
        Files.writeString(dir.resolve("new"), "new");
        long fh = fs.open(REQ, "/old", 2).fh();
        long ino = fs.getattr(REQ, "/old", fh).ino();
        assertEquals(4, write(fs, "/old", fh, 11, "!!!!".getBytes(StandardCharsets.UTF_8)));
        assertEquals(15, fs.getattr(REQ, "/old", fh).size());
        assertEquals(1, fs.getattr(REQ, "/old", fh).nlink());
        fs.rename(REQ, "/new", "/old", 0);
        assertEquals(List.of(15L, 0L, ino), sizeLinksIno(fs, "/old", fh));
        assertEquals(3, fs.getattr(REQ, "/old", NO_FH).size());
        fs.release(REQ, "/old", fh, 2);
    }

    @Test
    @DisplayName("create of a name that exists meanwhile opens that file (truncated on O_TRUNC) unless O_EXCL")
    void createOpensExisting() throws IOException {
        PathFileSystem fs = NioFileSystem.of(dir);
        Path f = Files.writeString(dir.resolve("f"), "existing");
        Files.setAttribute(f, "unix:mode", 0604);
        Files.setAttribute(f, "unix:uid", 1234);
        long fh = fs.create(REQ, "/f", Mode.S_IFREG | 0600, 2).fh();
        assertArrayEquals("existing".getBytes(StandardCharsets.UTF_8), read(fs, "/f", fh, 0, 100));
        fs.release(REQ, "/f", fh, 2);
        assertEquals(List.of(1234, Mode.S_IFREG | 0604), List.of(Files.getAttribute(f, "unix:uid"),
                Files.getAttribute(f, "unix:mode")), "not given to the requester, mode unchanged");
        assertEquals(Errno.EEXIST, errno(() -> fs.create(REQ, "/f", Mode.S_IFREG | 0600, 2 | 0200)));
        fs.release(REQ, "/f", fs.create(REQ, "/f", Mode.S_IFREG | 0600, 1 | 01000).fh(), 1);
        assertEquals(0, Files.size(f), "O_TRUNC");
        fs.mkdir(REQ, "/d", 0755);
        assertEquals(Errno.EISDIR, errno(() -> fs.create(REQ, "/d", Mode.S_IFREG | 0600, 2)));
    }

    @Test
    @DisplayName("an entry that cannot be given to its creator is removed again")
    void unfinishedEntriesRemoved() throws IOException {
        Request failing = (Request) Proxy.newProxyInstance(Request.class.getClassLoader(),
                new Class<?>[] {Request.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "uid", "gid" -> throw new FuseException(Errno.EIO, "no requester");
                    default -> method.invoke(REQ, args);
                });
        PathFileSystem fs = NioFileSystem.of(dir);
        assertEquals(Errno.EIO, errno(() -> fs.create(failing, "/c", Mode.S_IFREG | 0600, 2)));
        assertEquals(Errno.EIO, errno(() -> fs.mknod(failing, "/n", Mode.S_IFREG | 0600, 0)));
        assertEquals(Errno.EIO, errno(() -> fs.mkdir(failing, "/d", 0700)));
        assertEquals(Errno.EIO, errno(() -> fs.symlink(failing, "target", "/s")));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    @DisplayName("a name that does not survive the JVM's encoding is left out of listings")
    void unrepresentableNamesNotListed() throws Exception {
        Files.writeString(dir.resolve("plain"), "x");
        assertEquals(0, new ProcessBuilder("sh", "-c", "touch \"$(printf 'bad\\377')\"").directory(dir.toFile())
                .start().waitFor());
        try (var s = Files.list(dir)) {
            assertEquals(2, s.count());
        }
        assertEquals(List.of("plain"),
                NioFileSystem.of(dir).readdir(REQ, "/", 0).stream().map(DirectoryEntry::name).toList());
    }

    @Test
    @DisplayName("a JVM that does not encode file names as UTF-8 is warned about once, naming the fix")
    void encodingWarning() {
        List<String> logged = new ArrayList<>();
        System.Logger log = (System.Logger) Proxy.newProxyInstance(System.Logger.class.getClassLoader(),
                new Class<?>[] {System.Logger.class}, (proxy, method, args) -> {
                    if (method.getName().equals("log")) {
                        logged.add(args[0] + " " + args[1]);
                    }
                    return method.getName().equals("isLoggable") ? true : null;
                });
        NioNames.checkEncoding(log, "UTF-8");
        NioNames.checkEncoding(log, "utf8");
        assertEquals(List.of(), logged);
        NioNames.checkEncoding(log, "ANSI_X3.4-1968");
        NioNames.checkEncoding(log, null);
        assertEquals(2, logged.size(), logged.toString());
        for (String line : logged) {
            assertTrue(line.startsWith("WARNING ") && line.contains("sun.jnu.encoding") && line.contains("LANG=C.UTF-8"),
                    line);
        }
    }

    @Test
    @DisplayName("rename replaces a file atomically, refuses with NOREPLACE, rejects EXCHANGE")
    void renameFlags() throws IOException {
        PathFileSystem fs = NioFileSystem.of(dir);
        Files.writeString(dir.resolve("a"), "A");
        Files.writeString(dir.resolve("b"), "B");
        assertEquals(Errno.EEXIST, errno(() -> fs.rename(REQ, "/a", "/b", FileSystem.RENAME_NOREPLACE)));
        assertEquals(Errno.EINVAL, errno(() -> fs.rename(REQ, "/a", "/b", FileSystem.RENAME_EXCHANGE)));
        fs.rename(REQ, "/a", "/b", 0);
        assertEquals("A", Files.readString(dir.resolve("b")));
        assertTrue(Files.notExists(dir.resolve("a")));
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor();
    }

    @Test
    @DisplayName("a rename across file systems fails with EXDEV (mv then copies) and leaves the source as it was")
    void renameAcrossFileSystems() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        Files.writeString(dir.resolve("f"), "stays");
        Files.createDirectories(dir.resolve("d/e"));
        assertTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "pfuse-test", other.toString()) == 0,
                "mounting a tmpfs (the tests run as root)");
        try {
            PathFileSystem fs = NioFileSystem.of(dir);
            assertEquals(Errno.EXDEV, errno(() -> fs.rename(REQ, "/f", "/other/f", 0)));
            assertEquals(Errno.EXDEV, errno(() -> fs.rename(REQ, "/f", "/other/f", FileSystem.RENAME_NOREPLACE)));
            assertEquals(Errno.EXDEV, errno(() -> fs.rename(REQ, "/d", "/other/d", 0)));
            assertEquals("stays", Files.readString(dir.resolve("f")));
            assertTrue(Files.isDirectory(dir.resolve("d/e")));
            try (var s = Files.list(other)) {
                assertEquals(0, s.count(), "nothing copied");
            }
        } finally {
            assertEquals(0, run("umount", other.toString()));
        }
    }

    @Test
    @DisplayName("a read-only bridge answers EROFS to every change and still reads")
    void readOnly() throws IOException {
        Files.writeString(dir.resolve("f"), "data");
        PathFileSystem fs = NioFileSystem.builder(dir).readOnly(true).build();
        assertEquals(Errno.EROFS, errno(() -> fs.open(REQ, "/f", 1)));
        assertEquals(Errno.EROFS, errno(() -> fs.create(REQ, "/g", Mode.S_IFREG | 0644, 1)));
        assertEquals(Errno.EROFS, errno(() -> fs.mkdir(REQ, "/d", 0755)));
        assertEquals(Errno.EROFS, errno(() -> fs.unlink(REQ, "/f")));
        assertEquals(Errno.EROFS, errno(() -> fs.access(REQ, "/f", 2)));
        fs.access(REQ, "/f", 4);
        long fh = fs.open(REQ, "/f", 0).fh();
        assertArrayEquals("data".getBytes(StandardCharsets.UTF_8), read(fs, "/f", fh, 0, 100));
        assertEquals("data", Files.readString(dir.resolve("f")));
    }

    @Test
    @DisplayName("symlinks and hard links through java.nio.file")
    void links() throws IOException {
        PathFileSystem fs = NioFileSystem.of(dir);
        Files.writeString(dir.resolve("f"), "x");
        fs.symlink(REQ, "f", "/s");
        assertEquals("f", fs.readlink(REQ, "/s"));
        assertEquals(Mode.S_IFLNK, Mode.type(fs.getattr(REQ, "/s", NO_FH).mode()));
        assertEquals(Errno.EINVAL, errno(() -> fs.readlink(REQ, "/f")));
        fs.link(REQ, "/f", "/h");
        assertEquals(2, fs.getattr(REQ, "/f", NO_FH).nlink());
        assertEquals(Errno.EPERM, errno(() -> fs.mknod(REQ, "/fifo", Mode.S_IFIFO | 0644, 0)));
    }

    @Test
    @DisplayName("times set by utimensat, and a missing root is refused with its name")
    void timesAndBadRoot() throws IOException {
        PathFileSystem fs = NioFileSystem.of(dir);
        Files.writeString(dir.resolve("f"), "x");
        Instant t = Instant.parse("2001-02-03T04:05:06Z");
        Attr a = fs.setattr(REQ, "/f", new SetAttr(SetAttr.FATTR_MTIME | SetAttr.FATTR_ATIME, 0, 0, 0, t, t, null,
                0, 0, 0));
        assertEquals(t, a.mtime());
        assertEquals(t, a.atime());
        IOException e = assertThrows(IOException.class, () -> NioFileSystem.of(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertThrows(IOException.class, () -> NioFileSystem.of(dir.resolve("f")));
    }
}
