package dev.panamafuse.ffm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.InitFlags;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kernel passthrough through a real mount (root, so {@code CAP_SYS_ADMIN}): reads and writes of a
 * passthrough open reach the backing file without a READ or WRITE request, backing ids are
 * registered and dropped through {@code /dev/fuse}, and a filesystem that does not ask for it gets
 * the ordinary data path.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PassthroughIT {
    private static final int SIZE = 3 << 20;

    private Path base;
    private Path mnt;
    private Path backing;
    private byte[] content;

    @BeforeEach
    void createFiles() throws IOException {
        base = Files.createTempDirectory("pfuse-passthrough-");
        mnt = Files.createDirectory(base.resolve("mnt"));
        backing = base.resolve("backing");
        content = new byte[SIZE];
        new Random(7).nextBytes(content);
        Files.write(backing, content);
    }

    @AfterEach
    void removeFiles() throws IOException {
        try (Stream<Path> s = Files.walk(base)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void readsAndWritesSkipUserSpace() throws Exception {
        BackedFileFs fs = new BackedFileFs(backing, true);
        try (FuseMount mount = Fuse.mount(mnt, fs, MountOptions.defaults())) {
            assertTrue(mount.connection().isEnabled(InitFlags.FUSE_PASSTHROUGH));
            assertTrue(fs.backingFiles.available());
            Path data = mnt.resolve(BackedFileFs.NAME);

            assertArrayEquals(content, Files.readAllBytes(data));
            byte[] hello = "HELLO".getBytes(StandardCharsets.US_ASCII);
            try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
                assertEquals(hello.length, ch.write(ByteBuffer.wrap(hello), 1000));
            }
            assertArrayEquals(hello, Arrays.copyOfRange(Files.readAllBytes(backing), 1000, 1005));
            assertEquals(0, fs.reads.get(), "no READ reached the filesystem");
            assertEquals(0, fs.writes.get(), "no WRITE reached the filesystem");

            awaitClosed(fs);
            int id = fs.closedIds.iterator().next();
            FuseException gone = assertThrows(FuseException.class, () -> fs.backingFiles.close(id));
            assertEquals(Errno.ENOENT, gone.errno(), "the kernel no longer knows the dropped id");
            FuseException bad = assertThrows(FuseException.class, () -> fs.backingFiles.open(-1));
            assertEquals(Errno.EBADF, bad.errno(), bad.getMessage());
        }
    }

    @Test
    void concurrentOpensShareOneBackingId() throws Exception {
        BackedFileFs fs = new BackedFileFs(backing, true);
        try (FuseMount mount = Fuse.mount(mnt, fs, MountOptions.defaults())) {
            Path data = mnt.resolve(BackedFileFs.NAME);
            try (FileChannel a = FileChannel.open(data); FileChannel b = FileChannel.open(data)) {
                ByteBuffer x = ByteBuffer.allocate(4096);
                ByteBuffer y = ByteBuffer.allocate(4096);
                a.read(x, 0);
                b.read(y, SIZE - 4096);
                assertArrayEquals(Arrays.copyOfRange(content, 0, 4096), x.array());
                assertArrayEquals(Arrays.copyOfRange(content, SIZE - 4096, SIZE), y.array());
            }
            assertEquals(1, fs.registrations.get(), "one registration while the inode was open");
            assertEquals(0, fs.reads.get());
            awaitClosed(fs);
        }
    }

    @Test
    void kernelRefusesAnOpenWithoutPassthroughWhileTheInodeHasOne() throws Exception {
        BackedFileFs fs = new BackedFileFs(backing, true);
        fs.mixModes = true;
        try (FuseMount mount = Fuse.mount(mnt, fs, MountOptions.defaults())) {
            Path data = mnt.resolve(BackedFileFs.NAME);
            try (FileChannel held = FileChannel.open(data)) {
                IOException e = assertThrows(IOException.class, () -> FileChannel.open(data).close());
                assertTrue(String.valueOf(e.getMessage()).contains("Input/output error"), String.valueOf(e));
            }
        }
    }

    @Test
    void withoutPassthroughReadsReachTheFilesystem() throws Exception {
        BackedFileFs fs = new BackedFileFs(backing, false);
        try (FuseMount mount = Fuse.mount(mnt, fs, MountOptions.defaults())) {
            assertFalse(mount.connection().isEnabled(InitFlags.FUSE_PASSTHROUGH));
            assertFalse(fs.backingFiles.available());
            assertArrayEquals(content, Files.readAllBytes(mnt.resolve(BackedFileFs.NAME)));
            assertTrue(fs.reads.get() > 0);
            assertEquals(0, fs.registrations.get());
        }
    }

    /** RELEASE is asynchronous: waits (bounded) until the filesystem dropped its backing ids. */
    private static void awaitClosed(BackedFileFs fs) throws InterruptedException {
        for (int i = 0; i < 200 && fs.closedIds.isEmpty(); i++) {
            Thread.sleep(25);
        }
        assertFalse(fs.closedIds.isEmpty(), "RELEASE dropped the backing id");
    }
}
