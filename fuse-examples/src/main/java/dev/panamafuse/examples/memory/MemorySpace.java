package dev.panamafuse.examples.memory;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;

/**
 * The space budget of a MemoryFs, in bytes against the size limit: the 4 KiB pages of file data,
 * and an estimate of the Java heap every other stored thing takes, so that nothing a client can
 * store grows the heap without showing in {@code df} and ending in ENOSPC. The estimates (object
 * headers, map entries, two bytes per name character) are rounded up from what the JDK's
 * 64-bit layout with compressed pointers uses.
 */
final class MemorySpace {
    static final int PAGE = 4096;
    /** An inode: its node, attribute and map objects, and its slot in the node table. */
    static final long INODE = 512;
    /** A directory entry besides its name: the entry record, its two map entries and boxed cookie. */
    static final long ENTRY = 160;
    /** An extended attribute besides its name and value: the map entry and array header. */
    static final long XATTR = 96;
    /** A string besides its characters: the object and its array header. */
    private static final long STRING = 40;

    private final long limitBytes;
    private long usedBytes;

    MemorySpace(long limitBytes) {
        this.limitBytes = Math.max(1, limitBytes / PAGE) * PAGE;
    }

    /** What a directory entry named {@code name} costs. */
    static long entry(String name) {
        return ENTRY + string(name);
    }

    /** What an extended attribute named {@code name} with a value of {@code valueBytes} costs. */
    static long xattr(String name, long valueBytes) {
        return XATTR + string(name) + valueBytes;
    }

    /** What a string (a symlink target, a name) takes on the heap, at most. */
    static long string(String s) {
        return STRING + 2L * s.length();
    }

    /** Takes {@code pages} pages or fails with ENOSPC, taking none. */
    synchronized void reserve(long pages) {
        if (pages > (limitBytes - usedBytes) / PAGE) {
            throw new FuseException(Errno.ENOSPC);
        }
        usedBytes += pages * PAGE;
    }

    synchronized void release(long pages) {
        usedBytes -= pages * PAGE;
    }

    /** Takes {@code bytes} bytes or fails with ENOSPC, taking none. */
    synchronized void reserveBytes(long bytes) {
        if (bytes > limitBytes - usedBytes) {
            throw new FuseException(Errno.ENOSPC);
        }
        usedBytes += bytes;
    }

    synchronized void releaseBytes(long bytes) {
        usedBytes -= bytes;
    }

    /** The pages in use, a partly used one counted whole (what statfs reports). */
    synchronized long usedPages() {
        return (usedBytes + PAGE - 1) / PAGE;
    }

    long limitPages() {
        return limitBytes / PAGE;
    }
}
