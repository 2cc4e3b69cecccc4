package dev.panamafuse.codec;

import static dev.panamafuse.protocol.ReplyStructs.FUSE_BMAP_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_COPY_FILE_RANGE_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_GETXATTR_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_IOCTL_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_LSEEK_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_POLL_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_WRITE_OUT;
import static dev.panamafuse.protocol.StructFields.offset;

import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * Encodes the replies that carry one number: {@code fuse_write_out} ({@code WRITE},
 * {@code COPY_FILE_RANGE}), {@code fuse_copy_file_range_out}, {@code fuse_lseek_out},
 * {@code fuse_bmap_out}, {@code fuse_poll_out}, {@code fuse_getxattr_out} (the size answer of
 * {@code GETXATTR} / {@code LISTXATTR}) and the {@code result} of {@code fuse_ioctl_out}. Each
 * method reserves the zeroed struct at the reply's cursor and writes its field.
 */
public final class ScalarEncoder {
    private static final long WRITE_SIZE = offset(FUSE_WRITE_OUT, "size");
    private static final long BYTES_COPIED = offset(FUSE_COPY_FILE_RANGE_OUT, "bytes_copied");
    private static final long LSEEK_OFFSET = offset(FUSE_LSEEK_OUT, "offset");
    private static final long BMAP_BLOCK = offset(FUSE_BMAP_OUT, "block");
    private static final long POLL_REVENTS = offset(FUSE_POLL_OUT, "revents");
    private static final long GETXATTR_SIZE = offset(FUSE_GETXATTR_OUT, "size");
    private static final long IOCTL_RESULT = offset(FUSE_IOCTL_OUT, "result");

    private ScalarEncoder() {
    }

    /**
     * Appends a {@code fuse_write_out}.
     *
     * @param out  the reply, begun
     * @param size the bytes written (or copied, for {@code COPY_FILE_RANGE})
     */
    public static void writeOut(ReplyFrame out, int size) {
        putInt(out, FUSE_WRITE_OUT, WRITE_SIZE, size);
    }

    /**
     * Appends a {@code fuse_copy_file_range_out} ({@code COPY_FILE_RANGE_64}, 7.45).
     *
     * @param out    the reply, begun
     * @param copied the bytes copied
     */
    public static void copyFileRangeOut(ReplyFrame out, long copied) {
        putLong(out, FUSE_COPY_FILE_RANGE_OUT, BYTES_COPIED, copied);
    }

    /**
     * Appends a {@code fuse_lseek_out}.
     *
     * @param out    the reply, begun
     * @param offset the resulting file offset
     */
    public static void lseekOut(ReplyFrame out, long offset) {
        putLong(out, FUSE_LSEEK_OUT, LSEEK_OFFSET, offset);
    }

    /**
     * Appends a {@code fuse_bmap_out}.
     *
     * @param out   the reply, begun
     * @param block the device block
     */
    public static void bmapOut(ReplyFrame out, long block) {
        putLong(out, FUSE_BMAP_OUT, BMAP_BLOCK, block);
    }

    /**
     * Appends a {@code fuse_poll_out}.
     *
     * @param out     the reply, begun
     * @param revents the ready {@code POLL*} events
     */
    public static void pollOut(ReplyFrame out, int revents) {
        putInt(out, FUSE_POLL_OUT, POLL_REVENTS, revents);
    }

    /**
     * Appends a {@code fuse_getxattr_out}: the size a value or name list needs.
     *
     * @param out  the reply, begun
     * @param size bytes needed
     */
    public static void getxattrOut(ReplyFrame out, int size) {
        putInt(out, FUSE_GETXATTR_OUT, GETXATTR_SIZE, size);
    }

    /**
     * Appends a {@code fuse_ioctl_out} with its {@code result} (no retry: flags and iovec counts 0).
     *
     * @param out    the reply, begun
     * @param result the ioctl's return value
     */
    public static void ioctlOut(ReplyFrame out, int result) {
        putInt(out, FUSE_IOCTL_OUT, IOCTL_RESULT, result);
    }

    private static void putInt(ReplyFrame out, StructLayout struct, long field, int value) {
        out.buffer().set(ValueLayout.JAVA_INT_UNALIGNED, out.reserve(struct.byteSize()) + field, value);
    }

    private static void putLong(ReplyFrame out, StructLayout struct, long field, long value) {
        out.buffer().set(ValueLayout.JAVA_LONG_UNALIGNED, out.reserve(struct.byteSize()) + field, value);
    }
}
