package dev.panamafuse.nio;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chunks that {@link StreamHandle}s of one {@link NioPathFs} have read, shared by all its open
 * files and kept, least recently used first out, within one byte budget: so however many files
 * are open, the inflated data in memory stays bounded, and a file opened again (or by several
 * programs at once) reuses the chunks already read. A chunk is known by its file's path, size
 * and modification time (a file changed through the bridge gets new chunks) and its index. Each
 * chunk counts its length plus {@link #OVERHEAD} bytes, so many tiny files stay bounded too; at
 * least two full chunks always fit. Thread-safe.
 */
final class ChunkCache {
    /** Bytes counted per chunk besides its data: the map entry and the key. */
    static final int OVERHEAD = 128;

    /**
     * One version of a file whose chunks are cached.
     *
     * @param path     the file
     * @param size     its size when opened
     * @param modified its modification time when opened
     */
    record Source(Path path, long size, FileTime modified) {
    }

    private record Key(Source source, long index) {
    }

    private final long budget;
    private final LinkedHashMap<Key, byte[]> chunks = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long stored;

    /** @param budget the most bytes kept; at least two full chunks are */
    ChunkCache(long budget) {
        this.budget = Math.max(budget, 2L * (StreamHandle.CHUNK + OVERHEAD));
    }

    /** Chunk {@code index} of {@code source}, or null when it is not kept. */
    synchronized byte[] get(Source source, long index) {
        return chunks.get(new Key(source, index));
    }

    /** Keeps chunk {@code index} of {@code source}, dropping the least recently used beyond the budget. */
    synchronized void put(Source source, long index, byte[] chunk) {
        byte[] old = chunks.put(new Key(source, index), chunk);
        if (old != null) {
            bytes -= cost(old);
        }
        bytes += cost(chunk);
        stored++;
        Iterator<byte[]> eldest = chunks.values().iterator();
        while (bytes > budget && eldest.hasNext()) {
            bytes -= cost(eldest.next());
            eldest.remove();
        }
    }

    /** Drops every chunk of {@code path}, whatever its version: the file changed or moved. */
    synchronized void forget(Path path) {
        Iterator<Map.Entry<Key, byte[]>> all = chunks.entrySet().iterator();
        while (all.hasNext()) {
            Map.Entry<Key, byte[]> e = all.next();
            if (e.getKey().source().path().equals(path)) {
                bytes -= cost(e.getValue());
                all.remove();
            }
        }
    }

    /** The bytes counted for the chunks kept now, at most the budget. */
    synchronized long bytes() {
        return bytes;
    }

    /** How many chunks were stored since creation (each read from a stream once). */
    synchronized long stored() {
        return stored;
    }

    private static long cost(byte[] chunk) {
        return chunk.length + OVERHEAD;
    }
}
