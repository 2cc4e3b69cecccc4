package dev.panamafuse.codec;

import static dev.panamafuse.protocol.MessageStructs.FUSE_IN_HEADER;
import static dev.panamafuse.protocol.StructFields.offset;

import dev.panamafuse.FileNames;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A zero-copy view of one request frame as the kernel wrote it into a request buffer:
 * {@code fuse_in_header}, then the operation's fixed argument struct, then names
 * (NUL-terminated) or data, then, since 7.38, {@code total_extlen * 8} bytes of extension
 * headers.
 *
 * <p>One instance belongs to one request slot and is re-pointed with {@link #wrap} for every
 * frame, so decoding allocates nothing. A cursor walks the arguments: {@link #argument(long)}
 * returns the offset of the next fixed struct, {@link #name()} reads the next name, and
 * {@link #data(long)} / {@link #rest()} give read-only slices of the payload. Every step checks
 * the frame's bounds and throws {@link MalformedFrameException} rather than reading past them.
 * Slices are valid only while the slot holds this frame.
 */
public final class RequestFrame {
    /** Size of {@code fuse_in_header}. */
    public static final int HEADER_SIZE = (int) FUSE_IN_HEADER.byteSize();

    private static final long LEN = offset(FUSE_IN_HEADER, "len");
    private static final long OPCODE = offset(FUSE_IN_HEADER, "opcode");
    private static final long UNIQUE = offset(FUSE_IN_HEADER, "unique");
    private static final long NODEID = offset(FUSE_IN_HEADER, "nodeid");
    private static final long UID = offset(FUSE_IN_HEADER, "uid");
    private static final long GID = offset(FUSE_IN_HEADER, "gid");
    private static final long PID = offset(FUSE_IN_HEADER, "pid");
    private static final long TOTAL_EXTLEN = offset(FUSE_IN_HEADER, "total_extlen");

    private MemorySegment segment = MemorySegment.NULL;
    private int len;
    private long position;
    private long end;

    /** A frame view bound to no buffer yet; {@link #wrap} points it at one request. */
    public RequestFrame() {
    }

    /**
     * Points this view at a frame of {@code bytesRead} bytes at the start of {@code buffer} and
     * puts the cursor after the header.
     *
     * @param buffer    the request buffer
     * @param bytesRead the byte count {@code read(2)} returned
     * @return this view
     * @throws MalformedFrameException if the frame is shorter than its header, its {@code len} is
     *                                 not {@code bytesRead}, or its extension area does not fit
     */
    public RequestFrame wrap(MemorySegment buffer, int bytesRead) {
        if (bytesRead < HEADER_SIZE || bytesRead > buffer.byteSize()) {
            segment = MemorySegment.NULL;
            throw new MalformedFrameException("frame of " + bytesRead + " bytes is shorter than fuse_in_header ("
                    + HEADER_SIZE + ")");
        }
        segment = buffer;
        len = buffer.get(ValueLayout.JAVA_INT_UNALIGNED, LEN);
        if (len != bytesRead) {
            throw new MalformedFrameException("header len " + Integer.toUnsignedString(len) + " but " + bytesRead
                    + " bytes were read");
        }
        long extBytes = 8L * totalExtlen();
        if (extBytes > len - HEADER_SIZE) {
            throw new MalformedFrameException("total_extlen " + totalExtlen() + " does not fit a frame of " + len
                    + " bytes");
        }
        position = HEADER_SIZE;
        end = len - extBytes;
        return this;
    }

    /**
     * Reads the unique of a frame too broken to {@link #wrap}, so it can still be answered.
     *
     * @param buffer    the request buffer
     * @param bytesRead the byte count read
     * @return the unique, or 0 when fewer than 16 bytes arrived
     */
    public static long peekUnique(MemorySegment buffer, int bytesRead) {
        return bytesRead >= UNIQUE + 8 ? buffer.get(ValueLayout.JAVA_LONG_UNALIGNED, UNIQUE) : 0;
    }

    /** {@return {@code fuse_in_header.len}: the frame's size in bytes} */
    public int len() {
        return len;
    }

    /** {@return {@code fuse_in_header.opcode}} */
    public int opcode() {
        return segment.get(ValueLayout.JAVA_INT_UNALIGNED, OPCODE);
    }

    /** {@return {@code fuse_in_header.unique}} */
    public long unique() {
        return segment.get(ValueLayout.JAVA_LONG_UNALIGNED, UNIQUE);
    }

    /** {@return {@code fuse_in_header.nodeid}} */
    public long nodeid() {
        return segment.get(ValueLayout.JAVA_LONG_UNALIGNED, NODEID);
    }

    /** {@return {@code fuse_in_header.uid}} */
    public int uid() {
        return segment.get(ValueLayout.JAVA_INT_UNALIGNED, UID);
    }

    /** {@return {@code fuse_in_header.gid}} */
    public int gid() {
        return segment.get(ValueLayout.JAVA_INT_UNALIGNED, GID);
    }

    /** {@return {@code fuse_in_header.pid}} */
    public int pid() {
        return segment.get(ValueLayout.JAVA_INT_UNALIGNED, PID);
    }

    /** {@return {@code fuse_in_header.total_extlen} (since 7.38): the extension area's size in 8-byte units} */
    public int totalExtlen() {
        return Short.toUnsignedInt(segment.get(ValueLayout.JAVA_SHORT_UNALIGNED, TOTAL_EXTLEN));
    }

    /** {@return the whole buffer the frame lives in; offsets returned by {@link #argument(long)} index it} */
    public MemorySegment segment() {
        return segment;
    }

    /** {@return bytes left between the cursor and the extension area} */
    public long remaining() {
        return end - position;
    }

    /**
     * Takes the next fixed-size argument struct.
     *
     * @param size the struct's size in bytes
     * @return the struct's offset in {@link #segment()}
     * @throws MalformedFrameException if fewer than {@code size} bytes are left
     */
    public long argument(long size) {
        if (size < 0 || size > end - position) {
            throw new MalformedFrameException("argument of " + size + " bytes but only " + (end - position)
                    + " left in frame of opcode " + opcode());
        }
        long at = position;
        position += size;
        return at;
    }

    /**
     * Takes the next NUL-terminated name and decodes it losslessly with {@link FileNames#decode(byte[])}.
     *
     * @return the name, without its NUL
     * @throws MalformedFrameException if no NUL ends it within the frame
     */
    public String name() {
        long nul = position;
        while (nul < end && segment.get(ValueLayout.JAVA_BYTE, nul) != 0) {
            nul++;
        }
        if (nul >= end) {
            throw new MalformedFrameException("name without terminating NUL in frame of opcode " + opcode());
        }
        byte[] bytes = segment.asSlice(position, nul - position).toArray(ValueLayout.JAVA_BYTE);
        position = nul + 1;
        return FileNames.decode(bytes);
    }

    /**
     * Takes the next {@code size} bytes as a read-only slice.
     *
     * @param size bytes to take
     * @return the slice, valid while the slot holds this frame
     * @throws MalformedFrameException if fewer bytes are left
     */
    public MemorySegment data(long size) {
        long at = argument(size);
        return segment.asSlice(at, size).asReadOnly();
    }

    /**
     * Takes every byte up to the extension area, moving the cursor there.
     *
     * @return those bytes as a read-only slice
     */
    public MemorySegment rest() {
        return data(end - position);
    }

    /** {@return the extension area (since 7.38), read-only; empty when {@code total_extlen} is 0} */
    public MemorySegment extensions() {
        return segment.asSlice(end, len - end).asReadOnly();
    }

    /**
     * Reads an int at an absolute offset of the frame.
     *
     * @param offset from {@link #argument(long)} plus a field offset
     * @return the value
     */
    public int getInt(long offset) {
        return segment.get(ValueLayout.JAVA_INT_UNALIGNED, offset);
    }

    /**
     * Reads a long at an absolute offset of the frame.
     *
     * @param offset from {@link #argument(long)} plus a field offset
     * @return the value
     */
    public long getLong(long offset) {
        return segment.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
    }
}
