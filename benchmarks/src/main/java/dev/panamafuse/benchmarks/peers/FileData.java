package dev.panamafuse.benchmarks.peers;

import dev.panamafuse.Errno;
import java.util.Arrays;

/**
 * The growable contents of one regular file: chunks of up to {@value #CHUNK} bytes, allocated on
 * first write (a never-written chunk is a hole of zeros) and grown by doubling, so small files stay
 * small and large ones are not limited to one array. Bytes past the size are always zero. Not
 * thread-safe: {@link Node} guards it.
 */
final class FileData {
    private static final int SHIFT = 16;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;
    private static final int MIN_ALLOC = 64;
    /** Largest size: keeps chunk indexes in an {@code int}. */
    static final long MAX_SIZE = 1L << 46;

    private byte[][] chunks = new byte[0][];
    private long size;

    /** @return the size in bytes */
    long size() {
        return size;
    }

    /**
     * Reads up to {@code length} bytes at {@code offset} into {@code target}.
     *
     * @return the number of bytes read, 0 at or past the end
     */
    int read(long offset, int length, ReadTarget target) {
        if (offset >= size || length <= 0) {
            return 0;
        }
        int n = (int) Math.min(length, size - offset);
        int done = 0;
        while (done < n) {
            long pos = offset + done;
            int index = (int) (pos >>> SHIFT);
            int within = (int) (pos & MASK);
            int step = Math.min(n - done, CHUNK - within);
            byte[] chunk = index < chunks.length ? chunks[index] : null;
            int stored = chunk == null ? 0 : Math.max(0, Math.min(step, chunk.length - within));
            if (stored > 0) {
                target.bytes(done, chunk, within, stored);
            }
            if (stored < step) {
                target.zeros(done + stored, step - stored);
            }
            done += step;
        }
        return n;
    }

    /**
     * Writes {@code length} bytes from {@code source} at {@code offset}, growing the file.
     *
     * @return the number of bytes written, or {@code -EFBIG}
     */
    int write(long offset, int length, WriteSource source) {
        if (offset < 0 || offset > MAX_SIZE - length) {
            return -Errno.EFBIG.code();
        }
        int done = 0;
        while (done < length) {
            long pos = offset + done;
            int index = (int) (pos >>> SHIFT);
            int within = (int) (pos & MASK);
            int step = Math.min(length - done, CHUNK - within);
            byte[] chunk = chunk(index, within + step);
            source.copy(done, chunk, within, step);
            done += step;
        }
        size = Math.max(size, offset + length);
        return length;
    }

    /**
     * Sets the size; bytes cut off are dropped, so growing again reads zeros.
     *
     * @return 0, or {@code -EFBIG}/{@code -EINVAL}
     */
    int truncate(long newSize) {
        if (newSize < 0) {
            return -Errno.EINVAL.code();
        }
        if (newSize > MAX_SIZE) {
            return -Errno.EFBIG.code();
        }
        if (newSize < size) {
            int keep = (int) ((newSize + MASK) >>> SHIFT);
            if (keep < chunks.length) {
                chunks = Arrays.copyOf(chunks, keep);
            }
            int within = (int) (newSize & MASK);
            if (within != 0 && keep > 0 && keep <= chunks.length && chunks[keep - 1] != null) {
                byte[] last = chunks[keep - 1];
                if (last.length > within) {
                    Arrays.fill(last, within, last.length, (byte) 0);
                }
            }
        }
        size = newSize;
        return 0;
    }

    /** The chunk at {@code index}, allocated or grown to hold at least {@code needed} bytes. */
    private byte[] chunk(int index, int needed) {
        if (index >= chunks.length) {
            chunks = Arrays.copyOf(chunks, Math.max(index + 1, chunks.length * 2));
        }
        byte[] chunk = chunks[index];
        if (chunk == null || chunk.length < needed) {
            int capacity = Math.max(MIN_ALLOC, chunk == null ? 0 : chunk.length);
            while (capacity < needed) {
                capacity <<= 1;
            }
            chunk = chunk == null ? new byte[capacity] : Arrays.copyOf(chunk, capacity);
            chunks[index] = chunk;
        }
        return chunk;
    }
}
