package dev.panamafuse.nio;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A read-only open file whose provider offers only a stream (a compressed zip entry: the zip
 * filesystem's own channel would inflate the whole entry into one array per open). The stream
 * is read forward in chunks of {@link #CHUNK} bytes, kept in a least-recently-used cache of at
 * most {@code cacheBytes}: a file that fits is inflated once however it is read, and a larger
 * one keeps its most recent chunks, so the kernel's out-of-order parallel reads and short
 * backward seeks cost nothing. A read before the cached window reopens the stream and reads
 * forward from the start: random reads over a file much larger than the cache are slow.
 */
final class StreamHandle implements OpenHandle {
    /** Bytes per cached chunk. */
    static final int CHUNK = 1 << 18;

    private final Path path;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, byte[]> chunks;
    private InputStream in;
    /** Index of the chunk the stream reads next. */
    private long next;
    /** Index of the last chunk (shorter than {@link #CHUNK}), once the stream reached its end. */
    private long last = Long.MAX_VALUE;

    StreamHandle(Path path, long cacheBytes) {
        this.path = path;
        int most = (int) Math.max(2, Math.min(Integer.MAX_VALUE, cacheBytes / CHUNK));
        this.chunks = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
                return size() > most;
            }
        };
    }

    @Override
    public int read(long offset, MemorySegment dest) throws IOException {
        long want = dest.byteSize();
        int done = 0;
        lock.lock();
        try {
            while (done < want) {
                long pos = offset + done;
                byte[] chunk = chunk(pos / CHUNK);
                int at = (int) (pos % CHUNK);
                if (chunk == null || at >= chunk.length) {
                    break;
                }
                int n = (int) Math.min(chunk.length - at, want - done);
                MemorySegment.copy(chunk, at, dest, ValueLayout.JAVA_BYTE, done, n);
                done += n;
            }
            return done;
        } finally {
            lock.unlock();
        }
    }

    /** Chunk {@code index}, from the cache or the stream; null past the end of the file. */
    private byte[] chunk(long index) throws IOException {
        byte[] cached = chunks.get(index);
        if (cached != null || index > last) {
            return cached;
        }
        if (in == null || next > index) {
            reopen();
        }
        byte[] chunk = null;
        while (next <= index) {
            chunk = readChunk();
            chunks.put(next++, chunk);
            if (chunk.length < CHUNK) {
                last = next - 1;
                break;
            }
        }
        return next - 1 == index ? chunk : null;
    }

    private byte[] readChunk() throws IOException {
        byte[] buffer = new byte[CHUNK];
        int n = in.readNBytes(buffer, 0, CHUNK);
        return n == CHUNK ? buffer : Arrays.copyOf(buffer, n);
    }

    private void reopen() throws IOException {
        if (in != null) {
            in.close();
        }
        in = Files.newInputStream(path);
        next = 0;
    }

    @Override
    public int write(long offset, MemorySegment data) {
        throw new FuseException(Errno.EBADF, path + " is open for reading only");
    }

    @Override
    public void truncate(long size) {
        throw new FuseException(Errno.EBADF, path + " is open for reading only");
    }

    @Override
    public void force(boolean dataOnly) {
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            chunks.clear();
            if (in != null) {
                in.close();
                in = null;
            }
        } finally {
            lock.unlock();
        }
    }
}
