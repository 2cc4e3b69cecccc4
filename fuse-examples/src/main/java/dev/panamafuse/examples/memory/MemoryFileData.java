package dev.panamafuse.examples.memory;

import static dev.panamafuse.examples.memory.MemorySpace.PAGE;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The contents of a regular file: a sparse map of 4 KiB pages (absent pages read as zeros and
 * count as holes, as in tmpfs) and the file size. A size far beyond the pages costs nothing.
 * Pages are charged to the filesystem's {@link MemorySpace}; every operation that would exceed it fails
 * with ENOSPC before changing anything.
 */
final class MemoryFileData {
    private final MemorySpace space;
    private final NavigableMap<Long, byte[]> pages = new TreeMap<>();
    private long size;

    MemoryFileData(MemorySpace space) {
        this.space = space;
    }

    long size() {
        return size;
    }

    long pages() {
        return pages.size();
    }

    /** Copies bytes from {@code offset} into {@code dest}; returns the count (0 at or past the end). */
    int read(long offset, MemorySegment dest) {
        if (offset >= size) {
            return 0;
        }
        int n = (int) Math.min(dest.byteSize(), size - offset);
        int done = 0;
        while (done < n) {
            long pos = offset + done;
            int inPage = (int) (pos % PAGE);
            int chunk = Math.min(n - done, PAGE - inPage);
            byte[] page = pages.get(pos / PAGE);
            if (page == null) {
                dest.asSlice(done, chunk).fill((byte) 0);
            } else {
                MemorySegment.copy(page, inPage, dest, ValueLayout.JAVA_BYTE, done, chunk);
            }
            done += chunk;
        }
        return n;
    }

    /** Writes {@code src} at {@code offset}, growing the file; ENOSPC (nothing written) when it does not fit. */
    int write(long offset, MemorySegment src) {
        long n = src.byteSize();
        long end = end(offset, n);
        reserveMissing(offset, end);
        long done = 0;
        while (done < n) {
            long pos = offset + done;
            int inPage = (int) (pos % PAGE);
            int chunk = (int) Math.min(n - done, PAGE - inPage);
            byte[] page = pages.computeIfAbsent(pos / PAGE, k -> new byte[PAGE]);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, done, page, inPage, chunk);
            done += chunk;
        }
        size = Math.max(size, end);
        return (int) n;
    }

    /** Sets the size: pages past it are freed, the tail of the last page zeroed. */
    void truncate(long newSize) {
        if (newSize < 0) {
            throw new FuseException(Errno.EINVAL);
        }
        if (newSize < size) {
            zero(newSize, Math.min(size, ceilPage(newSize)));
            drop(ceilPage(newSize) / PAGE, Long.MAX_VALUE);
        }
        size = newSize;
    }

    /** Allocates zeroed pages for a range (fallocate mode 0 or KEEP_SIZE). */
    void allocate(long offset, long length, boolean keepSize) {
        long end = end(offset, length);
        reserveMissing(offset, end);
        for (long p = offset / PAGE; p < ceilPage(end) / PAGE; p++) {
            pages.computeIfAbsent(p, k -> new byte[PAGE]);
        }
        if (!keepSize) {
            size = Math.max(size, end);
        }
    }

    /** Punches a hole: the range reads as zeros and whole pages in it are freed. */
    void punchHole(long offset, long length) {
        long end = end(offset, length);
        if (offset >= end) {
            return;
        }
        long firstWhole = ceilPage(offset);
        long lastWhole = end / PAGE * PAGE;
        if (firstWhole >= lastWhole) {
            zero(offset, end);
            return;
        }
        zero(offset, firstWhole);
        zero(lastWhole, end);
        drop(firstWhole / PAGE, lastWhole / PAGE);
    }

    /** Zeroes a range, allocating its pages (fallocate ZERO_RANGE). */
    void zeroRange(long offset, long length, boolean keepSize) {
        allocate(offset, length, keepSize);
        zero(offset, end(offset, length));
    }

    /** SEEK_DATA: the first offset ≥ {@code offset} inside an allocated page; ENXIO if none before the end. */
    long seekData(long offset) {
        if (offset >= size) {
            throw new FuseException(Errno.ENXIO);
        }
        Long page = pages.ceilingKey(offset / PAGE);
        if (page == null || page * PAGE >= size) {
            throw new FuseException(Errno.ENXIO);
        }
        return Math.max(offset, page * PAGE);
    }

    /** SEEK_HOLE: the first offset ≥ {@code offset} in no allocated page, or the size; ENXIO past the end. */
    long seekHole(long offset) {
        if (offset >= size) {
            throw new FuseException(Errno.ENXIO);
        }
        long p = offset / PAGE;
        while (pages.containsKey(p)) {
            p++;
        }
        return Math.min(size, Math.max(offset, p * PAGE));
    }

    /** Copies {@code length} bytes (clipped at this file's end) into {@code dst}; returns the count. */
    long copyTo(long offsetIn, MemoryFileData dst, long offsetOut, long length) {
        if (offsetIn >= size) {
            return 0;
        }
        long n = Math.min(length, size - offsetIn);
        byte[] buffer = new byte[(int) Math.min(n, 1 << 20)];
        long done = 0;
        while (done < n) {
            int chunk = (int) Math.min(buffer.length, n - done);
            MemorySegment seg = MemorySegment.ofArray(buffer).asSlice(0, chunk);
            read(offsetIn + done, seg);
            dst.write(offsetOut + done, seg);
            done += chunk;
        }
        return n;
    }

    /** Frees every page (the node is gone). */
    void free() {
        space.release(pages.size());
        pages.clear();
        size = 0;
    }

    private void reserveMissing(long offset, long end) {
        long first = offset / PAGE;
        long last = ceilPage(end) / PAGE;
        space.reserve((last - first) - pages.subMap(first, true, last, false).size());
    }

    /** Zeroes the bytes of [from, to) that lie in allocated pages (holes already read as zero). */
    private void zero(long from, long to) {
        if (from >= to) {
            return;
        }
        for (Map.Entry<Long, byte[]> e : pages.subMap(from / PAGE, true, ceilPage(to) / PAGE, false).entrySet()) {
            long start = e.getKey() * PAGE;
            int a = (int) (Math.max(from, start) - start);
            int b = (int) (Math.min(to, start + PAGE) - start);
            if (a < b) {
                Arrays.fill(e.getValue(), a, b, (byte) 0);
            }
        }
    }

    private void drop(long fromPage, long toPage) {
        Map<Long, byte[]> gone = pages.subMap(fromPage, true, toPage, false);
        space.release(gone.size());
        gone.clear();
    }

    private static long end(long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new FuseException(Errno.EINVAL);
        }
        long end = offset + length;
        if (end < 0) {
            throw new FuseException(Errno.EFBIG);
        }
        return end;
    }

    private static long ceilPage(long n) {
        long c = (n + PAGE - 1) / PAGE * PAGE;
        return c < 0 ? Long.MAX_VALUE / PAGE * PAGE : c;
    }
}
