package dev.panamafuse.benchmarks.session;

import dev.panamafuse.Attr;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.Request;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Instant;

/**
 * The filesystem behind {@link SessionBenchmark}: a root directory holding one 1 MiB file,
 * {@value #NAME} (node {@value #FILE}), whose data is a constant native buffer handed to READ
 * without a copy. Every answer is prepared once, so the benchmark measures the session's path
 * (decode, dispatch, encode, reply), not the filesystem.
 */
final class BenchFs implements FileSystem {
    /** The file's name in the root. */
    static final String NAME = "data";
    /** The file's node id. */
    static final long FILE = 2;
    /** The file's size. */
    static final long SIZE = 1 << 20;

    private final Attr root = Attr.of(ROOT, Mode.S_IFDIR | 0755, 2, 0, 0, 0, Instant.EPOCH);
    private final Attr file = Attr.of(FILE, Mode.S_IFREG | 0444, 1, 0, 0, SIZE, Instant.EPOCH);
    private final Entry entry = Entry.of(file);
    private final MemorySegment data = Arena.global().allocate(SIZE, 4096);

    @Override
    public Entry lookup(Request req, long parent, String name) {
        if (parent == ROOT && NAME.equals(name)) {
            return entry;
        }
        throw new FuseException(Errno.ENOENT);
    }

    @Override
    public Attr getattr(Request req, long nodeid, long fh) {
        return nodeid == FILE ? file : root;
    }

    @Override
    public MemorySegment readSegment(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        long n = Math.max(0, Math.min(dest.byteSize(), SIZE - offset));
        return data.asSlice(Math.min(offset, SIZE), n);
    }
}
