package dev.panamafuse.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A reply as the kernel would receive it: the bytes of every iovec, concatenated, and how many
 * iovecs carried them. Field readers take offsets from the start of the reply (header included)
 * unless they say otherwise.
 *
 * @param bytes  the whole reply
 * @param iovecs how many iovecs it was written from
 */
public record ReplyView(byte[] bytes, int iovecs) {

    /** {@code fuse_out_header.len}. */
    public int len() {
        return u32(0);
    }

    /** {@code fuse_out_header.error}: 0 or a negative errno. */
    public int error() {
        return u32(4);
    }

    /** {@code fuse_out_header.unique}. */
    public long unique() {
        return u64(8);
    }

    /** The bytes after {@code fuse_out_header}. */
    public byte[] body() {
        return Arrays.copyOfRange(bytes, Frames.OUT_HEADER, bytes.length);
    }

    /** An unsigned 16-bit field. */
    public int u16(int offset) {
        return Short.toUnsignedInt(le().getShort(offset));
    }

    /** A 32-bit field. */
    public int u32(int offset) {
        return le().getInt(offset);
    }

    /** A 64-bit field. */
    public long u64(int offset) {
        return le().getLong(offset);
    }

    private ByteBuffer le() {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public String toString() {
        return "reply of " + bytes.length + " bytes in " + iovecs + " iovec(s):\n" + Frames.dump(bytes);
    }
}
