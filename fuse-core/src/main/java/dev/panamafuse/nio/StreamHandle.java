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
import java.util.concurrent.locks.ReentrantLock;

/**
 * A read-only open file whose provider offers only a stream (a compressed zip entry: the zip
 * filesystem's own channel would inflate the whole entry into one array per open). The stream
 * is read forward in chunks of {@link #CHUNK} bytes, kept in the {@link ChunkCache} that all open
 * files of the filesystem share: a file that fits is inflated once however it is read (and
 * however often it is opened), and a larger one keeps its most recent chunks, so the kernel's
 * out-of-order parallel reads and short backward seeks cost nothing. A read of a chunk no longer
 * kept, before this handle's stream position, reopens the stream and reads forward from the
 * start: random reads over a file much larger than the cache are slow. Reads of one handle are
 * serialized; different handles read in parallel.
 */
final class StreamHandle implements OpenHandle {
    /** Bytes per cached chunk. */
    static final int CHUNK = 1 << 18;

    private final Path path;
    private final ChunkCache.Source source;
    private final ChunkCache chunks;
    private final ReentrantLock lock = new ReentrantLock();
    private InputStream in;
    /** Index of the chunk the stream reads next. */
    private long next;
    /** Index of the last chunk (shorter than {@link #CHUNK}), once the stream reached its end. */
    private long last = Long.MAX_VALUE;

    /**
     * @param source the file as opened (its path, size and modification time)
     * @param chunks the cache shared by the filesystem's open files
     */
    StreamHandle(ChunkCache.Source source, ChunkCache chunks) {
        this.path = source.path();
        this.source = source;
        this.chunks = chunks;
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
        byte[] cached = chunks.get(source, index);
        if (cached != null || index > last) {
            return cached;
        }
        if (in == null || next > index) {
            reopen();
        }
        byte[] chunk = null;
        while (next <= index) {
            chunk = readChunk();
            chunks.put(source, next++, chunk);
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
            if (in != null) {
                in.close();
                in = null;
            }
        } finally {
            lock.unlock();
        }
    }
}
