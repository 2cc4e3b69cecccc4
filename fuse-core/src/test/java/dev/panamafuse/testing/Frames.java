package dev.panamafuse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Test-only helpers for FUSE frames: golden bytes written as hex rows (one row per field group,
 * each with a field comment at the call site), native segments holding them, a builder of
 * request frames ({@code fuse_in_header} + argument structs + names) and a hex dump for failure
 * messages. Everything is little-endian, as on x86_64 and aarch64.
 */
public final class Frames {
    /** Size of {@code fuse_in_header}. */
    public static final int IN_HEADER = 40;
    /** Size of {@code fuse_out_header}. */
    public static final int OUT_HEADER = 16;

    private Frames() {
    }

    /**
     * Joins hex rows such as {@code "28 00 00 00 03 00 00 00"} into bytes; whitespace is ignored.
     *
     * @param rows the rows, in order
     * @return the bytes
     */
    public static byte[] hex(String... rows) {
        StringBuilder digits = new StringBuilder();
        for (String row : rows) {
            for (int i = 0; i < row.length(); i++) {
                char c = row.charAt(i);
                if (!Character.isWhitespace(c)) {
                    digits.append(c);
                }
            }
        }
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + digits);
        }
        return HexFormat.of().parseHex(digits);
    }

    /**
     * Copies bytes into a fresh native segment of exactly their size.
     *
     * @param arena where to allocate
     * @param bytes the contents
     * @return the segment
     */
    public static MemorySegment segment(Arena arena, byte[] bytes) {
        return segment(arena, bytes, bytes.length, (byte) 0);
    }

    /**
     * Copies bytes into a fresh native segment of {@code capacity} bytes whose tail (after the
     * bytes) is filled with {@code fill}: a frame in a larger request buffer, with controlled
     * garbage after its end.
     *
     * @param arena    where to allocate
     * @param bytes    the frame
     * @param capacity the buffer size, at least {@code bytes.length}
     * @param fill     the value of every byte after the frame
     * @return the segment
     */
    public static MemorySegment segment(Arena arena, byte[] bytes, long capacity, byte fill) {
        MemorySegment s = arena.allocate(Math.max(1, capacity), 8);
        s.fill(fill);
        MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return s;
    }

    /**
     * A hex dump, 8 bytes per line with the offset in front, for assertion messages.
     *
     * @param bytes the bytes
     * @return the dump
     */
    public static String dump(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < bytes.length; i += 8) {
            s.append(String.format("%4d:", i));
            for (int j = i; j < Math.min(i + 8, bytes.length); j++) {
                s.append(' ').append(String.format("%02x", bytes[j] & 0xff));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /**
     * Asserts two byte arrays are equal, showing both as hex dumps (so the failing row is easy to
     * find in the diff).
     *
     * @param expected golden bytes
     * @param actual   bytes produced
     */
    public static void assertBytes(byte[] expected, byte[] actual) {
        assertEquals(dump(expected), dump(actual), "bytes differ (offset: bytes)");
    }

    /**
     * The bytes of a native segment.
     *
     * @param s the segment
     * @return a copy of its contents
     */
    public static byte[] bytes(MemorySegment s) {
        return s.toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * Starts a request frame.
     *
     * @param opcode {@code fuse_in_header.opcode}
     * @param unique {@code fuse_in_header.unique}
     * @param nodeid {@code fuse_in_header.nodeid}
     * @return a builder
     */
    public static Request request(int opcode, long unique, long nodeid) {
        return new Request(opcode, unique, nodeid);
    }

    /**
     * A {@code FUSE_INIT} frame as a kernel before 7.36 sends it: a 16-byte {@code fuse_init_in}.
     *
     * @param unique       the unique
     * @param major        protocol major
     * @param minor        protocol minor
     * @param maxReadahead the kernel's readahead
     * @param flags        the low 32 capability bits
     * @return the frame
     */
    public static byte[] init(long unique, int major, int minor, int maxReadahead, long flags) {
        return request(26, unique, 0).u32(major).u32(minor).u32(maxReadahead).u32((int) flags).build();
    }

    /**
     * A {@code FUSE_INIT} frame as a kernel of 7.36 or later sends it: the whole 64-byte
     * {@code fuse_init_in}, with {@code flags2} holding the high 32 bits of {@code flags}.
     *
     * @param unique       the unique
     * @param major        protocol major
     * @param minor        protocol minor
     * @param maxReadahead the kernel's readahead
     * @param flags        all 64 capability bits
     * @return the frame
     */
    public static byte[] initExt(long unique, int major, int minor, int maxReadahead, long flags) {
        return request(26, unique, 0).u32(major).u32(minor).u32(maxReadahead).u32((int) flags)
                .u32((int) (flags >>> 32)).zeros(44).build();
    }

    /** Builds a request frame: header fields, then appended argument bytes; {@code len} is filled in. */
    public static final class Request {
        private final int opcode;
        private final long unique;
        private final long nodeid;
        private int uid;
        private int gid;
        private int pid;
        private int totalExtlen;
        private Integer len;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        private Request(int opcode, long unique, long nodeid) {
            this.opcode = opcode;
            this.unique = unique;
            this.nodeid = nodeid;
        }

        /** Sets {@code uid}. */
        public Request uid(int uid) {
            this.uid = uid;
            return this;
        }

        /** Sets {@code gid}. */
        public Request gid(int gid) {
            this.gid = gid;
            return this;
        }

        /** Sets {@code pid}. */
        public Request pid(int pid) {
            this.pid = pid;
            return this;
        }

        /** Sets {@code total_extlen} (8-byte units); the extension bytes themselves are appended by the caller. */
        public Request totalExtlen(int units) {
            this.totalExtlen = units;
            return this;
        }

        /** Overrides {@code len} (for malformed frames); by default it is the frame's size. */
        public Request len(int len) {
            this.len = len;
            return this;
        }

        /** Appends a 16-bit value. */
        public Request u16(int v) {
            return put(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array());
        }

        /** Appends a 32-bit value. */
        public Request u32(int v) {
            return put(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
        }

        /** Appends a 64-bit value. */
        public Request u64(long v) {
            return put(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }

        /** Appends {@code n} zero bytes. */
        public Request zeros(int n) {
            return put(new byte[n]);
        }

        /** Appends a name as UTF-8 followed by its NUL. */
        public Request name(String name) {
            put(name.getBytes(StandardCharsets.UTF_8));
            body.write(0);
            return this;
        }

        /** Appends raw bytes. */
        public Request put(byte[] bytes) {
            body.writeBytes(bytes);
            return this;
        }

        /** The frame's bytes. */
        public byte[] build() {
            byte[] b = body.toByteArray();
            int total = IN_HEADER + b.length;
            ByteBuffer f = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
            f.putInt(len != null ? len : total).putInt(opcode).putLong(unique).putLong(nodeid);
            f.putInt(uid).putInt(gid).putInt(pid).putShort((short) totalExtlen).putShort((short) 0);
            f.put(b);
            return f.array();
        }
    }
}
