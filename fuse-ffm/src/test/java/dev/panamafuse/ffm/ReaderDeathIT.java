package dev.panamafuse.ffm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rule that a reader thread that dies, for any reason, aborts the connection: clients get
 * {@code ENOTCONN} at once instead of waiting on a daemon that no longer reads. The reader is
 * made to die by an {@link Error} escaping an interrupt callback (which runs on the reader that
 * read the {@code FUSE_INTERRUPT}); an exhausted heap does the same anywhere on a reader. The
 * unmount grace is 30 s and the handler stays stuck: clients are released within 10 s only if the
 * dying reader aborts the connection itself, not when the session's end gets round to it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReaderDeathIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private Path base;
    private Path dir;

    @BeforeEach
    void createMountpoint() throws IOException {
        base = Files.createTempDirectory("pfuse-death-");
        dir = Files.createDirectory(base.resolve("mnt"));
    }

    @AfterEach
    void removeLeftovers() throws Exception {
        for (int i = 0; i < 3 && FuseMountIT.isMounted(dir); i++) {
            FuseMountIT.run(List.of("umount", "-l", dir.toString()));
        }
        Files.deleteIfExists(dir);
        Files.deleteIfExists(base);
    }

    @Test
    void aReaderKilledByAnErrorAbortsTheConnection() throws Exception {
        StuckReadFs fs = new StuckReadFs(() -> {
            throw new OutOfMemoryError("test: the heap is exhausted on the reader");
        });
        FuseMount mount = Fuse.mount(dir, fs, MountOptions.builder().attrTimeout(Duration.ZERO)
                .entryTimeout(Duration.ZERO).unmountGrace(Duration.ofSeconds(30)).build());
        Process cat = null;
        try {
            cat = new ProcessBuilder("cat", dir.resolve(StuckReadFs.NAME).toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            assertTrue(fs.entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "cat never reached the handler");
            cat.destroyForcibly(); // the kernel sends FUSE_INTERRUPT; its callback kills the reader

            assertTrue(cat.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                    "the killed cat should be released by the abort, not wait for the stuck handler");
            FuseMountIT.Result stat = FuseMountIT.run(List.of("stat", dir.resolve(StuckReadFs.NAME).toString()));
            assertTrue(stat.toString().contains("Transport endpoint is not connected"),
                    "a client after the abort should get ENOTCONN: " + stat);
            fs.release.countDown(); // the stuck handler returns: the session ends without waiting out the grace
            assertTrue(mount.awaitUnmount(WAIT), "the session should end after the abort");
        } finally {
            fs.release.countDown();
            if (cat != null) {
                cat.destroyForcibly();
            }
            mount.close();
        }
        if (FuseMountIT.isMounted(dir)) {
            FuseMountIT.run(List.of("umount", "-l", dir.toString())); // an aborted mount stays until unmounted
        }
        assertFalse(FuseMountIT.isMounted(dir), "could not remove the aborted mount");
    }
}
