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

    /**
     * A target made of two functions, for bindings whose buffer type offers both.
     *
     * @param zeros what {@link #zeros(int, int)} does
     * @param bytes what {@link #bytes(int, byte[], int, int)} does
     * @return the target
     */
    static ReadTarget of(Zeros zeros, Bytes bytes) {
        return new ReadTarget() {
            @Override
            public void zeros(int at, int length) {
                zeros.fill(at, length);
            }

            @Override
            public void bytes(int at, byte[] src, int from, int length) {
                bytes.copy(at, src, from, length);
            }
        };
    }

    /** Fills part of the binding's buffer with zeros: {@link ReadTarget#zeros(int, int)}. */
    @FunctionalInterface
    interface Zeros {
        /**
         * Fills {@code length} bytes at {@code at} with zeros.
         *
         * @param at     first byte of the buffer to fill
         * @param length number of bytes
         */
        void fill(int at, int length);
    }

    /** Copies stored bytes into the binding's buffer: {@link ReadTarget#bytes(int, byte[], int, int)}. */
    @FunctionalInterface
    interface Bytes {
        /**
         * Copies {@code length} bytes of {@code src} from {@code from} to {@code at}.
         *
         * @param at     first byte of the buffer to write
         * @param src    the stored bytes
         * @param from   first byte of {@code src} to copy
         * @param length number of bytes
         */
        void copy(int at, byte[] src, int from, int length);
    }
}
