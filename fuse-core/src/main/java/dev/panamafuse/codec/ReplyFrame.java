package dev.panamafuse.codec;

import static dev.panamafuse.protocol.MessageStructs.FUSE_OUT_HEADER;
import static dev.panamafuse.protocol.StructFields.offset;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Writes one reply into a slot's reply buffer: {@code fuse_out_header}, the operation's out
 * struct, and a payload written in place, optionally followed by one segment owned by someone
 * else (sent as a second iovec, so bulk data need not be copied). {@link #finish()} fills the
 * header and the native {@code struct iovec} array that {@code writev(2)} takes.
 *
 * <p>One instance belongs to one slot and is reused for every reply; it allocates nothing.
 * Use it as: {@link #begin(long)}, then {@link #reserve(long)} / {@link #payload()} +
 * {@link #advance(long)} / {@link #attach(MemorySegment)}, then {@link #finish()}; or
 * {@link #error(long, int)} for a header-only error reply.
 */
public final class ReplyFrame {
    /** Size of {@code fuse_out_header}. */
    public static final int HEADER_SIZE = (int) FUSE_OUT_HEADER.byteSize();
    /** Size of one {@code struct iovec} on 64-bit Linux. */
    public static final int IOVEC_SIZE = 16;
    /** How many iovecs a reply uses at most: the buffer and one attached segment. */
    public static final int MAX_IOVECS = 2;

    private static final long LEN = offset(FUSE_OUT_HEADER, "len");
    private static final long ERROR = offset(FUSE_OUT_HEADER, "error");
    private static final long UNIQUE = offset(FUSE_OUT_HEADER, "unique");

    private final MemorySegment buffer;
    private final MemorySegment iovecs;
    private long position;
    private long unique;
    private int error;
    private MemorySegment attached;
    private int iovecCount;

    /**
     * Creates a writer.
     *
     * @param buffer the reply buffer, at least 4096 bytes
     * @param iovecs native memory for {@link #MAX_IOVECS} {@code struct iovec}s
     */
    public ReplyFrame(MemorySegment buffer, MemorySegment iovecs) {
        if (buffer.byteSize() < 4096) {
            throw new IllegalArgumentException("reply buffer of " + buffer.byteSize() + " bytes is below 4096");
        }
        if (iovecs.byteSize() < (long) MAX_IOVECS * IOVEC_SIZE) {
            throw new IllegalArgumentException("iovec array too small: " + iovecs.byteSize());
        }
        this.buffer = Objects.requireNonNull(buffer);
        this.iovecs = iovecs;
    }

    /**
     * Starts a success reply to request {@code unique}; the cursor is after the header.
     *
     * @param unique the request's unique
     */
    public void begin(long unique) {
        this.unique = unique;
        this.error = 0;
        this.position = HEADER_SIZE;
        this.attached = null;
        this.iovecCount = 0;
    }

    /**
     * Reserves {@code size} zeroed bytes for an out struct at the cursor.
     *
     * @param size the struct's size
     * @return the struct's offset in {@link #buffer()}
     */
    public long reserve(long size) {
        long at = position;
        advance(size);
        buffer.asSlice(at, size).fill((byte) 0);
        return at;
    }

    /**
     * Reserves {@code size} bytes at the cursor without zeroing them: for a caller that writes
     * every byte (padding included), such as a directory entry.
     *
     * @param size the bytes to take
     * @return their offset in {@link #buffer()}
     */
    public long reserveUnzeroed(long size) {
        long at = position;
        advance(size);
        return at;
    }

    /**
     * Reserves, zeroed, the struct that carries a handler's answer, once the answer is there.
     *
     * @param answer what the handler returned
     * @param struct the reply struct, e.g. {@code fuse_open_out}
     * @param what   the answer's type, for the error, e.g. {@code "OpenFile"}
     * @return the struct's offset in {@link #buffer()}
     * @throws FuseException {@code EIO} if {@code answer} is null (a handler bug)
     */
    public long reserveAnswer(Object answer, StructLayout struct, String what) {
        if (answer == null) {
            throw new FuseException(Errno.EIO, "handler returned a null " + what);
        }
        return reserve(struct.byteSize());
    }

    /** {@return the reply buffer; offsets from {@link #reserve(long)} index it} */
    public MemorySegment buffer() {
        return buffer;
    }

    /** {@return the free space after the cursor, for a payload written in place; then call {@link #advance(long)}} */
    public MemorySegment payload() {
        return buffer.asSlice(position);
    }

    /** {@return bytes free after the cursor} */
    public long capacity() {
        return buffer.byteSize() - position;
    }

    /**
     * Moves the cursor past {@code n} bytes written in place.
     *
     * @param n bytes written
     */
    public void advance(long n) {
        if (n < 0 || n > buffer.byteSize() - position) {
            throw new IndexOutOfBoundsException("advance " + n + " with " + (buffer.byteSize() - position) + " free");
        }
        position += n;
    }

    /**
     * Copies {@code bytes} to the cursor and moves past them: a small payload such as a symlink
     * target, an xattr value or ioctl output.
     *
     * @param bytes the payload, at most {@link #capacity()} bytes
     * @throws IndexOutOfBoundsException if it does not fit
     */
    public void append(byte[] bytes) {
        if (bytes.length > capacity()) {
            throw new IndexOutOfBoundsException("payload of " + bytes.length + " bytes with " + capacity() + " free");
        }
        MemorySegment.copy(bytes, 0, buffer, ValueLayout.JAVA_BYTE, position, bytes.length);
        position += bytes.length;
    }

    /**
     * Appends a segment that is sent as it is, after the bytes of the buffer, without copying. It
     * must stay valid until the reply is written.
     *
     * @param segment the bytes, native memory
     */
    public void attach(MemorySegment segment) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("attached reply data must be native memory");
        }
        this.attached = segment;
    }

    /** Completes a success reply: writes the header and the iovecs. */
    public void finish() {
        long total = position + (attached == null ? 0 : attached.byteSize());
        if (total > Integer.MAX_VALUE) {
            throw new IllegalStateException("reply of " + total + " bytes");
        }
        writeHeader((int) total, 0);
        iovec(0, buffer.address(), position);
        iovecCount = 1;
        if (attached != null && attached.byteSize() > 0) {
            iovec(1, attached.address(), attached.byteSize());
            iovecCount = 2;
        }
    }

    /**
     * Completes a success reply, as {@link #finish()}, and returns true: the last step of an
     * operation that answers, which reports whether a reply is to be written.
     *
     * @return true
     */
    public boolean complete() {
        finish();
        return true;
    }

    /**
     * Completes an unsolicited notification: unique 0 and the {@code fuse_notify_code} in the
     * error field, then the notify struct written after {@link #begin(long) begin(0)}.
     *
     * @param code the notification code, e.g. 1 for {@code FUSE_NOTIFY_POLL}
     */
    public void finishNotification(int code) {
        finish();
        buffer.set(ValueLayout.JAVA_INT_UNALIGNED, ERROR, code);
    }

    /**
     * Makes this a header-only error reply and completes it.
     *
     * @param unique the request's unique
     * @param errno  the positive errno; the header carries {@code -errno}
     */
    public void error(long unique, int errno) {
        begin(unique);
        this.error = -errno;
        writeHeader(HEADER_SIZE, -errno);
        iovec(0, buffer.address(), HEADER_SIZE);
        iovecCount = 1;
    }

    private void writeHeader(int len, int err) {
        buffer.set(ValueLayout.JAVA_INT_UNALIGNED, LEN, len);
        buffer.set(ValueLayout.JAVA_INT_UNALIGNED, ERROR, err);
        buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, UNIQUE, unique);
    }

    private void iovec(int index, long address, long length) {
        iovecs.set(ValueLayout.JAVA_LONG, (long) index * IOVEC_SIZE, address);
        iovecs.set(ValueLayout.JAVA_LONG, (long) index * IOVEC_SIZE + 8, length);
    }

    /** {@return the unique of the reply} */
    public long unique() {
        return unique;
    }

    /** {@return the header's error field: 0 or a negative errno} */
    public int errorCode() {
        return error;
    }

    /** {@return the reply's total length in bytes (header included), after {@link #finish()} or {@link #error}} */
    public int length() {
        return buffer.get(ValueLayout.JAVA_INT_UNALIGNED, LEN);
    }

    /** {@return the native {@code struct iovec} array for {@code writev(2)}} */
    public MemorySegment iovecs() {
        return iovecs;
    }

    /** {@return how many iovecs the completed reply uses (1 or 2)} */
    public int iovecCount() {
        return iovecCount;
    }

    /**
     * One part of the completed reply, as a segment: part 0 is the buffer's used bytes, part 1
     * the attached segment.
     *
     * @param index 0 or 1, below {@link #iovecCount()}
     * @return the part
     */
    public MemorySegment part(int index) {
        Objects.checkIndex(index, iovecCount);
        if (index == 0) {
            return buffer.asSlice(0, error != 0 ? HEADER_SIZE : position);
        }
        return attached;
    }
}
