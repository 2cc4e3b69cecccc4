package dev.panamafuse.examples.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.panamafuse.FileSystem;
import dev.panamafuse.examples.memory.MemoryFs;
import dev.panamafuse.examples.passthrough.PassthroughFs;
import dev.panamafuse.ffm.Fuse;
import dev.panamafuse.mount.Capability;
import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code SEEK_DATA}/{@code SEEK_HOLE} under {@code -o writeback_cache}: the kernel holds written
 * pages the daemon has not seen, so answering from the daemon's size said {@code ENXIO} for data
 * a program had just written. The session now lets the kernel seek on its own view; a program
 * writes, then seeks before any write-back (no close, no fsync), and gets what tmpfs answers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WritebackSeekIT {
    /** Writes 3 x 4 KiB, then seeks: SEEK_DATA and SEEK_HOLE from 0, 4096 and 12287, and SEEK_DATA past the end. */
    private static final String SCRIPT = String.join("\n",
            "import os, sys",
            "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)",
            "os.write(fd, b'x' * 12288)",
            "out = []",
            "for off, how in [(0, os.SEEK_DATA), (0, os.SEEK_HOLE), (4096, os.SEEK_DATA), (4096, os.SEEK_HOLE),",
            "                 (12287, os.SEEK_DATA), (12287, os.SEEK_HOLE), (12288, os.SEEK_DATA)]:",
            "    try:",
            "        out.append(str(os.lseek(fd, off, how)))",
            "    except OSError as e:",
            "        out.append('errno ' + str(e.errno))",
            "print(' '.join(out))",
            "os.close(fd)");

    @Test
    void memoryFsSeeksWhatTheKernelHolds() throws Exception {
        assertSameAsTmpfs(base -> new MemoryFs());
    }

    @Test
    void passthroughSeeksWhatTheKernelHolds() throws Exception {
        assertSameAsTmpfs(base -> new PassthroughFs(Files.createDirectory(base.resolve("source")), false));
    }

    private interface Maker {
        FileSystem make(Path base) throws Exception;
    }

    private static void assertSameAsTmpfs(Maker maker) throws Exception {
        Path base = Files.createTempDirectory("pfuse-wbseek-");
        Path tmpfs = Files.createDirectory(base.resolve("tmpfs"));
        Path mnt = Files.createDirectory(base.resolve("mnt"));
        FuseMount mount = null;
        boolean tmpfsMounted = false;
        try {
            Proc.ok(Duration.ofSeconds(10), base, "mount", "-t", "tmpfs", "tmpfs", tmpfs.toString());
            tmpfsMounted = true;
            mount = Fuse.mount(mnt, maker.make(base), MountOptions.builder().enable(Capability.WRITEBACK_CACHE)
                    .build());
            assertEquals(true, mount.connection().isEnabled(Capability.WRITEBACK_CACHE.flag()),
                    "writeback caching should be agreed");
            String expected = seek(base, tmpfs.resolve("f"));
            assertEquals("0 12288 4096 12288 12287 12288 errno 6", expected, "tmpfs itself");
            assertEquals(expected, seek(base, mnt.resolve("f")), "the FUSE mount should answer as tmpfs");
            assertEquals(expected, seek(base, mnt.resolve("f")), "and again, on a file that exists");
        } finally {
            if (mount != null) {
                mount.close();
            }
            if (tmpfsMounted) {
                Proc.run(Duration.ofSeconds(10), base, "umount", tmpfs.toString());
            }
            assertFalse(TestDir.isMounted(mnt), "the FUSE mount is still there");
            TestDir.deleteTree(base);
        }
    }

    private static String seek(Path base, Path file) throws Exception {
        Proc.Result r = Proc.ok(Duration.ofSeconds(20), base, "python3", "-c", SCRIPT, file.toString());
        return r.output().strip();
    }
}
