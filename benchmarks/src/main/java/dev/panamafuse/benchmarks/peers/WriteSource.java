package dev.panamafuse.benchmarks.peers;

/** Where {@link PathTree#write} takes a write's bytes from: the binding's request buffer. */
public interface WriteSource {

    /**
     * Copies bytes out of the request buffer.
     *
     * @param at     first byte of the request buffer to copy
     * @param dst    the tree's storage
     * @param to     first byte of {@code dst} to write
     * @param length number of bytes
     */
    void copy(int at, byte[] dst, int to, int length);
}
