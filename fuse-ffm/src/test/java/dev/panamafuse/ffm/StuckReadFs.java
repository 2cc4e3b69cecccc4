package dev.panamafuse.ffm;

import dev.panamafuse.Attr;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A root with one file, {@value #NAME}, opened with {@code direct_io}, whose read blocks until
 * {@link #release} is counted down (bounded by {@link #BOUND_SECONDS}), ignoring FUSE interrupts:
 * a handler stuck for good, as the lifecycle tests need. {@link #entered} counts down when a read
 * arrives; {@link #onInterrupt}, when set, is registered as the read's interrupt callback.
 */
final class StuckReadFs implements FileSystem {
    static final String NAME = "stuck";
    static final long BOUND_SECONDS = 60;

    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final Runnable onInterrupt;
    private final Attr root = Attr.of(1, Mode.S_IFDIR | 0755, 2, 0, 0, 0, Instant.now());
    private final Attr file = Attr.of(2, Mode.S_IFREG | 0444, 1, 0, 0, 10, Instant.now());

    StuckReadFs(Runnable onInterrupt) {
        this.onInterrupt = onInterrupt;
    }

    @Override
    public Entry lookup(Request req, long parent, String name) {
        if (name.equals(NAME)) {
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
        if (onInterrupt != null) {
            req.onInterrupt(onInterrupt);
        }
        entered.countDown();
        try {
            release.await(BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
