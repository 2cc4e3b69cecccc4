package dev.panamafuse.benchmarks.peers;

/**
 * Where {@link PathTree#read} puts a read's bytes: the binding's reply buffer. Offsets count from
 * the start of the buffer; together the calls of one read cover {@code [0, n)} once, in order.
 */
public interface ReadTarget {

    /**
     * Fills part of the buffer with zeros (the zero file, holes, bytes never written).
     *
     * @param at     first byte of the buffer to fill
     * @param length number of bytes
     */
    void zeros(int at, int length);

    /**
     * Copies stored bytes into the buffer.
     *
     * @param at     first byte of the buffer to write
     * @param src    the stored bytes
     * @param from   first byte of {@code src} to copy
     * @param length number of bytes
     */
    void bytes(int at, byte[] src, int from, int length);
}
