package dev.panamafuse.examples.passthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.OpenFile;
import dev.panamafuse.mount.BackingFiles;
import dev.panamafuse.mount.ConnectionInfo;
import dev.panamafuse.testing.TestRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link PassthroughFs} chooses between kernel passthrough and its own data path when
 * registering backing files fails, called directly with {@link BackingFiles} that fail on demand:
 * an inode open with passthrough stays so (the kernel fails a mixed open), a lack of rights turns
 * passthrough off for new inodes, and a refusal of one file concerns that file only.
 */
class PassthroughBackingTest {
    @TempDir
    Path source;
    private PassthroughFs fs;
    private final Fake backing = new Fake();

    /** Hands out ids 1, 2, ..., or fails with {@link #failWith} while it is set. */
    private static final class Fake implements BackingFiles {
        Errno failWith;
        final Map<Integer, Integer> open = new HashMap<>();
        private int next = 1;

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public synchronized int open(int fd) {
            if (failWith != null) {
                throw new FuseException(failWith);
            }
            open.put(next, fd);
            return next++;
        }

        @Override
        public synchronized void close(int backingId) {
            open.remove(backingId);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        for (String name : new String[] {"a", "b", "c", "d"}) {
            Files.writeString(source.resolve(name), name);
        }
        fs = new PassthroughFs(source, true);
        fs.init(new ConnectionInfo(7, 45, -1, -1, 1 << 20, 1 << 20, 256, 1, backing));
    }

    @AfterEach
    void tearDown() {
        fs.destroy();
    }

    private OpenFile open(String name) {
        Entry e = fs.lookup(TestRequest.ROOT, FileSystem.ROOT, name);
        return fs.open(TestRequest.ROOT, e.nodeid(), 0);
    }

    @Test
    void anInodeOpenWithPassthroughKeepsItAfterRegisteringFailed() {
        OpenFile a1 = open("a");
        assertEquals(OpenFile.PASSTHROUGH, a1.flags());
        backing.failWith = Errno.EPERM;
        OpenFile b = open("b");
        assertEquals(0, b.backingId(), "no rights: b goes through the daemon");
        assertFalse(fs.kernelPassthrough());
        OpenFile a2 = open("a");
        assertEquals(a1.backingId(), a2.backingId(), "a is still open with passthrough: the same id again");
    }

    @Test
    void aRefusedFileConcernsThatFileOnly() {
        backing.failWith = Errno.ELOOP;
        assertEquals(0, open("c").backingId(), "c sits on a stacked filesystem");
        backing.failWith = null;
        assertEquals(0, open("c").backingId(), "c stays with the daemon while its inode is known");
        assertTrue(open("d").backingId() > 0, "other files keep passthrough");
        assertTrue(fs.kernelPassthrough());
    }

    @Test
    void theLastReleaseDropsTheId() {
        Entry e = fs.lookup(TestRequest.ROOT, FileSystem.ROOT, "a");
        OpenFile x = fs.open(TestRequest.ROOT, e.nodeid(), 0);
        OpenFile y = fs.open(TestRequest.ROOT, e.nodeid(), 0);
        assertEquals(x.backingId(), y.backingId());
        fs.release(TestRequest.ROOT, e.nodeid(), x.fh(), 0);
        assertEquals(1, backing.open.size());
        fs.release(TestRequest.ROOT, e.nodeid(), y.fh(), 0);
        assertEquals(0, backing.open.size());
        assertEquals(0, fs.backingIds());
    }
}
