package dev.panamafuse.examples;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;

/** The page budget of a MemoryFs: pages in use against the size limit. */
final class MemorySpace {
    static final int PAGE = 4096;

    private final long limitPages;
    private long usedPages;

    MemorySpace(long limitBytes) {
        this.limitPages = Math.max(1, limitBytes / PAGE);
    }

    /** Takes {@code pages} pages or fails with ENOSPC, taking none. */
    synchronized void reserve(long pages) {
        if (pages > limitPages - usedPages) {
            throw new FuseException(Errno.ENOSPC);
        }
        usedPages += pages;
    }

    synchronized void release(long pages) {
        usedPages -= pages;
    }

    synchronized long usedPages() {
        return usedPages;
    }

    long limitPages() {
        return limitPages;
    }
}
