package dev.panamafuse.examples.passthrough;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kernel passthrough in {@link PassthroughFs} (the tests run as root): an open regular file holds
 * one backing id per inode however often it is open, the last release drops it, data written
 * through the mount lands in the source, and with kernel passthrough off no id is registered.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PassthroughKernelIT {
    private Sandbox box;

    @BeforeEach
    void setUp() throws Exception {
        box = new Sandbox();
    }

    @AfterEach
    void tearDown() throws Exception {
        box.close();
    }

    @Test
    void oneBackingIdPerOpenInodeDroppedAtLastRelease() throws Exception {
        byte[] data = new byte[3 << 20];
        new Random(11).nextBytes(data);
        Files.write(box.source.resolve("f"), data);
        box.mount("");
        assertTrue(box.fs.kernelPassthrough(), "root on Linux 6.18: kernel passthrough agreed");
        Path f = box.mnt.resolve("f");
        try (FileChannel a = FileChannel.open(f); FileChannel b = FileChannel.open(f, StandardOpenOption.WRITE)) {
            assertEquals(1, box.fs.backingIds(), "two opens of one inode share one backing id");
            ByteBuffer head = ByteBuffer.allocate(4096);
            a.read(head, 0);
            assertArrayEquals(Arrays.copyOf(data, 4096), head.array());
            b.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 100);
        }
        assertEquals(1, Files.readAllBytes(box.source.resolve("f"))[100], "the write reached the source");
        for (int i = 0; i < 200 && box.fs.backingIds() > 0; i++) {
            Thread.sleep(25);   // RELEASE is asynchronous
        }
        assertEquals(0, box.fs.backingIds(), "the last release dropped the backing id");
        assertTrue(box.fs.kernelPassthrough(), "no registration failed");
    }

    @Test
    void writeByAnotherUserClearsSetgidEvenWhileTheFileIsOpen() throws Exception {
        // the kernel writes backing files with the daemon's (root's) rights, which keep set-id bits;
        // it clears set-user-id itself, but set-group-id without group-execute is the filesystem's
        // job (cleared when the writer is not in the file's group)
        for (Path p = box.mnt.getParent(); p.startsWith(box.base); p = p.getParent()) {
            Files.setAttribute(p, "unix:mode", 0755);
        }
        Path f = box.source.resolve("f");
        Files.writeString(f, "x");
        Files.setAttribute(f, "unix:mode", 02767);
        box.mount(",allow_other");
        try (FileChannel held = FileChannel.open(box.mnt.resolve("f"))) {
            assertEquals(1, box.fs.backingIds(), "root holds it open through kernel passthrough");
            String r = Sandbox.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "sh", "-c", "printf y >> '" + box.mnt.resolve("f") + "'"));
            assertEquals("0 ", r, "nobody's open and write succeed");
        }
        assertEquals("xy", Files.readString(f));
        assertEquals(0100767, Files.getAttribute(f, "unix:mode"), "set-group-id cleared");
    }

    @Test
    void turnedOffRegistersNothing() throws Exception {
        Files.writeString(box.source.resolve("f"), "through the daemon");
        box.mount("", false);
        assertFalse(box.fs.kernelPassthrough());
        try (FileChannel a = FileChannel.open(box.mnt.resolve("f"))) {
            ByteBuffer all = ByteBuffer.allocate(64);
            assertEquals(18, a.read(all, 0));
            assertEquals(0, box.fs.backingIds());
        }
    }
}
