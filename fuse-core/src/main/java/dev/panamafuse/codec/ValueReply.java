package dev.panamafuse.codec;

import static dev.panamafuse.protocol.ReplyStructs.FUSE_BMAP_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_COPY_FILE_RANGE_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_GETXATTR_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_IOCTL_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_LSEEK_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_POLL_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_WRITE_OUT;
import static dev.panamafuse.protocol.StructFields.offset;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * The replies that carry one number, each a reply struct and the field that holds the number:
 * {@link #append(ReplyFrame, long)} reserves the zeroed struct at the reply's cursor and writes
 * the field, 32 or 64 bits wide as the layout says.
 */
public enum ValueReply {
    /** {@code fuse_write_out.size}: the bytes written ({@code WRITE}) or copied ({@code COPY_FILE_RANGE}). */
    WRITE(FUSE_WRITE_OUT, "size"),
    /** {@code fuse_copy_file_range_out.bytes_copied} ({@code COPY_FILE_RANGE_64}, 7.45). */
    COPY_FILE_RANGE_64(FUSE_COPY_FILE_RANGE_OUT, "bytes_copied"),
    /** {@code fuse_lseek_out.offset}: the offset {@code SEEK_DATA} / {@code SEEK_HOLE} found. */
    LSEEK(FUSE_LSEEK_OUT, "offset"),
    /** {@code fuse_bmap_out.block}: the device block of a file block. */
    BMAP(FUSE_BMAP_OUT, "block"),
    /** {@code fuse_poll_out.revents}: the ready {@code POLL*} events. */
    POLL(FUSE_POLL_OUT, "revents"),
    /** {@code fuse_getxattr_out.size}: the size a value or name list needs ({@code GETXATTR}, {@code LISTXATTR}). */
    XATTR_SIZE(FUSE_GETXATTR_OUT, "size"),
    /** {@code fuse_ioctl_out.result}: the ioctl's return value (no retry: flags and iovec counts 0). */
    IOCTL(FUSE_IOCTL_OUT, "result");

    private final long size;
    private final long field;
    private final boolean wide;

    ValueReply(StructLayout struct, String field) {
        this.size = struct.byteSize();
        this.field = offset(struct, field);
        this.wide = struct.select(PathElement.groupElement(field)).byteSize() == Long.BYTES;
    }

    /**
     * Appends this reply struct with {@code value} in its field.
     *
     * @param out   the reply, begun
     * @param value the number; a 32-bit field takes its low 32 bits
     */
    public void append(ReplyFrame out, long value) {
        long at = out.reserve(size) + field;
        if (wide) {
            out.buffer().set(ValueLayout.JAVA_LONG_UNALIGNED, at, value);
        } else {
            out.buffer().set(ValueLayout.JAVA_INT_UNALIGNED, at, (int) value);
        }
    }
}
