package dev.panamafuse.protocol;

/**
 * The {@code FOPEN_*} bits a server returns in {@code fuse_open_out.open_flags} in reply to
 * {@code OPEN}, {@code OPENDIR} and {@code CREATE} (protocol 7.45). Names are the kernel's.
 */
public final class OpenFlags {

    private OpenFlags() {
    }

    /** {@code FOPEN_DIRECT_IO}: bypass the page cache for this open file (7.2). */
    public static final int FOPEN_DIRECT_IO = 1 << 0;
    /** {@code FOPEN_KEEP_CACHE}: do not invalidate the data cache on open (7.2). */
    public static final int FOPEN_KEEP_CACHE = 1 << 1;
    /** {@code FOPEN_NONSEEKABLE}: the file is not seekable (7.10). */
    public static final int FOPEN_NONSEEKABLE = 1 << 2;
    /** {@code FOPEN_CACHE_DIR}: allow caching this directory's entries (7.28). */
    public static final int FOPEN_CACHE_DIR = 1 << 3;
    /**
     * {@code FOPEN_STREAM}: the file is stream-like, without a file position (not in the header
     * changelog; added with Linux 5.2).
     */
    public static final int FOPEN_STREAM = 1 << 4;
    /** {@code FOPEN_NOFLUSH}: do not flush the data cache on close, unless writeback caching (7.35). */
    public static final int FOPEN_NOFLUSH = 1 << 5;
    /** {@code FOPEN_PARALLEL_DIRECT_WRITES}: allow concurrent direct writes to one inode (7.38). */
    public static final int FOPEN_PARALLEL_DIRECT_WRITES = 1 << 6;
    /** {@code FOPEN_PASSTHROUGH}: read/write go to the backing file of {@code backing_id} (7.40). */
    public static final int FOPEN_PASSTHROUGH = 1 << 7;

    private static final String[] NAMES = {
        "FOPEN_DIRECT_IO", "FOPEN_KEEP_CACHE", "FOPEN_NONSEEKABLE", "FOPEN_CACHE_DIR",
        "FOPEN_STREAM", "FOPEN_NOFLUSH", "FOPEN_PARALLEL_DIRECT_WRITES", "FOPEN_PASSTHROUGH",
    };

    /**
     * Renders set bits for debug logs, e.g. {@code "FOPEN_DIRECT_IO|FOPEN_KEEP_CACHE"}.
     *
     * @param openFlags a {@code fuse_open_out.open_flags} value
     * @return the names of the set bits joined by {@code '|'}, unknown bits in hex, 0 as "0"
     */
    public static String describe(int openFlags) {
        return BitNames.describe(Integer.toUnsignedLong(openFlags), NAMES);
    }
}
