package dev.panamafuse.nio;

import static dev.panamafuse.FileSystem.NO_FH;
import static dev.panamafuse.FileSystem.RENAME_NOREPLACE;
import static dev.panamafuse.nio.NioPathFsTest.REQ;
import static dev.panamafuse.nio.NioPathFsTest.errno;
import static dev.panamafuse.nio.NioPathFsTest.read;
import static dev.panamafuse.nio.NioPathFsTest.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.DirectoryEntry;
import dev.panamafuse.Errno;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.SetAttr;
import dev.panamafuse.path.PathFileSystem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The java.nio bridge over the JDK's zip filesystem, read-only, called without a kernel. */
class ZipBridgeTest {
    private static final byte[] BIG = compressible(3 << 20);
    private static final byte[] STORED = "stored, not deflated\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    static byte[] compressible(int size) {
        byte[] b = new byte[size];
        Random r = new Random(42);
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + r.nextInt(4) + (i / 4096) % 7);
        }
        return b;
    }

    private Path archive() throws IOException {
        Path zip = dir.resolve("t.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("a/b/big.txt"));
            z.write(BIG);
            z.putNextEntry(new ZipEntry("empty"));
            ZipEntry stored = new ZipEntry("dir with space/stored ü.txt");
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(STORED.length);
            CRC32 crc = new CRC32();
            crc.update(STORED);
            stored.setCrc(crc.getValue());
            z.putNextEntry(stored);
            z.write(STORED);
            z.closeEntry();
        }
        return zip;
    }

    private static void checkRandomReads(PathFileSystem fs) {
        OpenFile open = fs.open(REQ, "/a/b/big.txt", 0);
        long[] offsets = {2_000_000, 0, 3 << 20, 1_048_000, 3_000_000, 5, 2_900_000, 131_072};
        for (long off : offsets) {
            int len = 70_000;
            byte[] expected = Arrays.copyOfRange(BIG, (int) Math.min(off, BIG.length),
                    (int) Math.min(off + len, BIG.length));
            assertArrayEquals(expected, read(fs, "/a/b/big.txt", open.fh(), off, len), "at " + off);
        }
        fs.release(REQ, "/a/b/big.txt", open.fh(), 0);
    }

    @Test
    @DisplayName("a zip archive lists, stats and reads like its entries; random reads at any offset")
    void zipEntries() throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(archive(), Map.of("accessMode", "readOnly"))) {
            PathFileSystem fs = NioFileSystem.of(zip);
            assertEquals(List.of("a", "dir with space", "empty"),
                    fs.readdir(REQ, "/", 0).stream().map(DirectoryEntry::name).sorted().toList());
            assertEquals(Mode.S_IFDIR | 0555, fs.getattr(REQ, "/a/b", NO_FH).mode());
            assertEquals(Mode.S_IFREG | 0444, fs.getattr(REQ, "/empty", NO_FH).mode());
            assertEquals(BIG.length, fs.getattr(REQ, "/a/b/big.txt", NO_FH).size());
            OpenFile stored = fs.open(REQ, "/dir with space/stored ü.txt", 0);
            assertEquals(OpenFile.KEEP_CACHE, stored.flags(), "an archive does not change: keep the page cache");
            assertArrayEquals(STORED, read(fs, "/dir with space/stored ü.txt", stored.fh(), 0, 4096));
            long empty = fs.open(REQ, "/empty", 0).fh();
            assertEquals(0, read(fs, "/empty", empty, 0, 4096).length);
            checkRandomReads(fs);
            assertEquals(Errno.EROFS, errno(() -> fs.open(REQ, "/empty", 2)));
            assertEquals(Errno.EROFS, errno(() -> fs.mkdir(REQ, "/x", 0755)));
            assertEquals(Errno.EISDIR, errno(() -> fs.open(REQ, "/a", 0)));
            assertEquals(Errno.ENOENT, errno(() -> fs.open(REQ, "/nope", 0)));
        }
    }

    @Test
    @DisplayName("with a cache of two chunks, backward reads start the stream again and stay correct")
    void smallCache() throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(archive(), Map.of("accessMode", "readOnly"))) {
            checkRandomReads(NioFileSystem.builder(zip.getPath("/")).cacheSize(0).owner(7, 8).build());
            assertEquals(7, NioFileSystem.builder(zip.getPath("/")).owner(7, 8).build()
                    .getattr(REQ, "/empty", NO_FH).uid());
        }
    }

    @Test
    @DisplayName("another provider is read-only unless opted in; a writable zip keeps entries opened for writing, "
            + "renames over files, and refuses to move a non-empty directory")
    void writableZip() throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(archive(), Map.of())) {
            PathFileSystem byDefault = NioFileSystem.of(zip);
            assertEquals(Errno.EROFS, errno(() -> mkdir(byDefault, "/x")));
            PathFileSystem fs = NioFileSystem.builder(zip.getPath("/")).readOnly(false).build();
            String stored = "/dir with space/stored ü.txt";
            assertArrayEquals(STORED, readAll(fs, stored)); // its chunk is cached now
            long fh = fs.open(REQ, stored, 1).fh();
            write(fs, stored, fh, 0, "ST".getBytes(StandardCharsets.UTF_8));
            fs.release(REQ, stored, fh, 1);
            assertEquals("STored, not deflated\n", Files.readString(zip.getPath(stored)), "written over, not emptied");
            assertEquals("STored, not deflated\n", new String(readAll(fs, stored), StandardCharsets.UTF_8),
                    "the cached chunk of the old content is not served");
            fs.setattr(REQ, stored, new SetAttr(SetAttr.FATTR_SIZE, 0, 6, 0, null, null, null, 0, 0, 0));
            assertEquals("STored", Files.readString(zip.getPath(stored)), "truncated, not emptied");

            fs.rename(REQ, stored, "/empty", 0);
            assertEquals("STored", Files.readString(zip.getPath("/empty")), "renamed over the existing file");
            assertTrue(Files.notExists(zip.getPath(stored)));
            assertEquals(Errno.EEXIST, errno(() -> fs.rename(REQ, "/empty", "/a/b/big.txt", RENAME_NOREPLACE)));

            assertEquals(Errno.EXDEV, errno(() -> fs.rename(REQ, "/a", "/z", 0)));
            assertArrayEquals(BIG, Files.readAllBytes(zip.getPath("/a/b/big.txt")), "the directory stays whole");
            mkdir(fs, "/e");
            fs.rename(REQ, "/e", "/f", 0);
            assertEquals(List.of(false, true), List.of(Files.exists(zip.getPath("/e")), Files.isDirectory(zip.getPath("/f"))));
            assertEquals(Errno.ENOTEMPTY, errno(() -> fs.rename(REQ, "/f", "/a", 0)));
            fs.rename(REQ, "/f", "/dir with space", 0); // over an empty directory
            assertTrue(Files.notExists(zip.getPath("/f")));
        }
    }

    private static void mkdir(PathFileSystem fs, String path) {
        fs.mkdir(REQ, path, 0755);
    }

    @Test
    @DisplayName("a writable zip with posix permissions gives new files and directories the requested mode")
    void writableZipWithPermissions() throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(archive(), Map.of("enablePosixFileAttributes", "true"))) {
            PathFileSystem fs = NioFileSystem.builder(zip.getPath("/")).readOnly(false).build();
            long fh = fs.create(REQ, "/new.txt", Mode.S_IFREG | 0640, 2).fh();
            write(fs, "/new.txt", fh, 0, "new".getBytes(StandardCharsets.UTF_8));
            fs.release(REQ, "/new.txt", fh, 2);
            assertEquals("new", Files.readString(zip.getPath("/new.txt")));
            assertEquals(Mode.S_IFREG | 0640, fs.getattr(REQ, "/new.txt", NO_FH).mode());
            fs.mkdir(REQ, "/d", 0700);
            assertEquals(Mode.S_IFDIR | 0700, fs.getattr(REQ, "/d", NO_FH).mode());
        }
    }

    private static byte[] readAll(PathFileSystem fs, String path) {
        long fh = fs.open(REQ, path, 0).fh();
        byte[] all = read(fs, path, fh, 0, BIG.length + 1);
        fs.release(REQ, path, fh, 0);
        return all;
    }

    @Test
    @DisplayName("many handles on a big entry, read concurrently, share one cache that stays within its budget")
    void sharedBudget() throws Exception {
        long budget = 1 << 20;
        try (FileSystem zip = FileSystems.newFileSystem(archive(), Map.of("accessMode", "readOnly"))) {
            NioPathFs fs = (NioPathFs) NioFileSystem.builder(zip.getPath("/")).cacheSize(budget).build();
            String big = "/a/b/big.txt";
            long[] handles = new long[24];
            for (int i = 0; i < handles.length; i++) {
                handles[i] = fs.open(REQ, big, 0).fh();
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    Random r = new Random(t);
                    done.add(pool.submit(() -> {
                        for (int n = 0; n < 60; n++) {
                            long fh = handles[r.nextInt(handles.length)];
                            int off = r.nextInt(BIG.length);
                            byte[] expected = Arrays.copyOfRange(BIG, off, Math.min(BIG.length, off + 100_000));
                            assertArrayEquals(expected, read(fs, big, fh, off, 100_000), "at " + off);
                            assertTrue(fs.chunks().bytes() <= budget, fs.chunks().bytes() + " bytes cached");
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            for (long fh : handles) {
                fs.release(REQ, big, fh, 0);
            }
        }
    }

    @Test
    @DisplayName("an entry opened again is served from the chunks read by the earlier open")
    void reopenReusesChunks() throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(archive(), Map.of("accessMode", "readOnly"))) {
            NioPathFs fs = (NioPathFs) NioFileSystem.of(zip);
            assertArrayEquals(BIG, readAll(fs, "/a/b/big.txt"));
            long stored = fs.chunks().stored();
            assertEquals(BIG.length / StreamHandle.CHUNK + 1, stored);
            assertArrayEquals(BIG, readAll(fs, "/a/b/big.txt"));
            assertEquals(stored, fs.chunks().stored(), "nothing inflated again");
        }
    }
}
