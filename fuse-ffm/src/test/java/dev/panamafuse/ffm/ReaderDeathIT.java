package dev.panamafuse.ffm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Attr;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.FuseMount;
import dev.panamafuse.Mode;
import dev.panamafuse.MountOptions;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import java.io.File;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch giveUp = new CountDownLatch(1);
        Attr root = Attr.of(1, Mode.S_IFDIR | 0755, 2, 0, 0, 0, Instant.now());
        Attr file = Attr.of(2, Mode.S_IFREG | 0644, 1, 0, 0, 100, Instant.now());
        FileSystem fs = new FileSystem() {
            @Override
            public Entry lookup(Request req, long parent, String name) {
                if (name.equals("f")) {
                    return Entry.of(file);
                }
                throw new FuseException(Errno.ENOENT);
            }

            @Override
            public Attr getattr(Request req, long nodeid, long fh) {
                return nodeid == 1 ? root : file;
            }

            @Override
            public OpenFile open(Request req, long nodeid, int flags) {
                return OpenFile.of(0, OpenFile.DIRECT_IO);
            }

            @Override
            public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
                req.onInterrupt(() -> {
                    throw new OutOfMemoryError("test: the heap is exhausted on the reader");
                });
                entered.countDown();
                try {
                    giveUp.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new FuseException(Errno.EINTR);
            }
        };
        FuseMount mount = Fuse.mount(dir, fs, MountOptions.builder().attrTimeout(Duration.ZERO)
                .entryTimeout(Duration.ZERO).unmountGrace(Duration.ofSeconds(30)).build());
        Process cat = null;
        try {
            cat = new ProcessBuilder("cat", dir.resolve("f").toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            assertTrue(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "cat never reached the handler");
            cat.destroyForcibly(); // the kernel sends FUSE_INTERRUPT; its callback kills the reader

            assertTrue(cat.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                    "the killed cat should be released by the abort, not wait for the stuck handler");
            FuseMountIT.Result stat = FuseMountIT.run(List.of("stat", dir.resolve("f").toString()));
            assertTrue(stat.toString().contains("Transport endpoint is not connected"),
                    "a client after the abort should get ENOTCONN: " + stat);
            giveUp.countDown(); // the stuck handler returns: the session ends without waiting out the grace
            assertTrue(mount.awaitUnmount(WAIT), "the session should end after the abort");
        } finally {
            giveUp.countDown();
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
