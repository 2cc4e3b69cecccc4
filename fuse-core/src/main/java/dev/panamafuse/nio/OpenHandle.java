package dev.panamafuse.nio;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/** One open file of the bridge: positional reads and writes, whatever the provider's channels can do. */
interface OpenHandle extends AutoCloseable {

    /** Reads into {@code dest} from {@code offset}; returns the bytes read, fewer only at end of file. */
    int read(long offset, MemorySegment dest) throws IOException;

    /** Writes all of {@code data} at {@code offset}; returns its size. */
    int write(long offset, MemorySegment data) throws IOException;

    /** Sets the file's size, cutting or extending with zeros. */
    void truncate(long size) throws IOException;

    /** Forces written data (and metadata unless {@code dataOnly}) to storage. */
    void force(boolean dataOnly) throws IOException;

    @Override
    void close() throws IOException;
}
