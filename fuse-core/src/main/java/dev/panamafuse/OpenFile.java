package dev.panamafuse;

import dev.panamafuse.mount.BackingFiles;
import dev.panamafuse.protocol.OperationFlags;

/**
 * The answer to {@code open}, {@code opendir}, {@code create} and {@code tmpfile}
 * ({@code struct fuse_open_out}): a file handle of the filesystem's choice, which the kernel
 * passes back in every later request on that open file, and flags that tell the kernel how to
 * cache it.
 *
 * <p>The flag constants are the kernel's {@code FOPEN_*} bits, taken from the protocol
 * definitions (not copied).
 *
 * @param fh        the file handle, any value; the kernel does not interpret it
 * @param flags     {@code FOPEN_*} bits: {@link #DIRECT_IO}, {@link #KEEP_CACHE}, ...
 * @param backingId a backing id for kernel passthrough ({@code FOPEN_PASSTHROUGH}), else 0
 */
public record OpenFile(long fh, int flags, int backingId) {
    /** Bypass the page cache for this open file: every read and write reaches the filesystem. */
    public static final int DIRECT_IO = OperationFlags.FOPEN_DIRECT_IO;
    /** Keep the page cache of the file from earlier opens (do not invalidate it on open). */
    public static final int KEEP_CACHE = OperationFlags.FOPEN_KEEP_CACHE;
    /** The file is not seekable. */
    public static final int NONSEEKABLE = OperationFlags.FOPEN_NONSEEKABLE;
    /** Allow the kernel to cache directory contents ({@code opendir} only). */
    public static final int CACHE_DIR = OperationFlags.FOPEN_CACHE_DIR;
    /** The file is a stream: no file position, like a pipe. */
    public static final int STREAM = OperationFlags.FOPEN_STREAM;
    /** Do not send {@code flush} when the file is closed. */
    public static final int NOFLUSH = OperationFlags.FOPEN_NOFLUSH;
    /** Allow parallel direct writes to the same file. */
    public static final int PARALLEL_DIRECT_WRITES = OperationFlags.FOPEN_PARALLEL_DIRECT_WRITES;
    /** Reads and writes go straight to the backing file given by {@link #backingId()}. */
    public static final int PASSTHROUGH = OperationFlags.FOPEN_PASSTHROUGH;

    /**
     * An open file with handle {@code fh} and no flags.
     *
     * @param fh the file handle
     * @return the answer
     */
    public static OpenFile of(long fh) {
        return new OpenFile(fh, 0, 0);
    }

    /**
     * An open file with handle {@code fh} and {@code FOPEN_*} flags.
     *
     * @param fh    the file handle
     * @param flags {@code FOPEN_*} bits of this class
     * @return the answer
     */
    public static OpenFile of(long fh, int flags) {
        return new OpenFile(fh, flags, 0);
    }

    /**
     * An open file whose reads and writes the kernel sends straight to a backing file
     * (kernel passthrough, {@code FOPEN_PASSTHROUGH}); the filesystem then sees no READ or WRITE
     * for it, only FLUSH, FSYNC and RELEASE and the other requests on the handle.
     *
     * @param fh        the file handle
     * @param backingId an id from {@link BackingFiles#open(int)}, still registered
     * @return the answer
     * @throws IllegalArgumentException if {@code backingId} is not positive
     */
    public static OpenFile passthrough(long fh, int backingId) {
        if (backingId <= 0) {
            throw new IllegalArgumentException("backingId " + backingId + ": must be an id from BackingFiles.open");
        }
        return new OpenFile(fh, PASSTHROUGH, backingId);
    }
}
