package dev.panamafuse.nio;

import static dev.panamafuse.FileSystem.NO_FH;
import static dev.panamafuse.nio.NioPathFsTest.REQ;
import static dev.panamafuse.nio.NioPathFsTest.errno;
import static dev.panamafuse.nio.NioPathFsTest.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamafuse.DirectoryEntry;
import dev.panamafuse.Errno;
import dev.panamafuse.Mode;
import dev.panamafuse.NioFileSystem;
import dev.panamafuse.OpenFile;
import dev.panamafuse.PathFileSystem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
}
