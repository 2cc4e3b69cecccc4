package dev.panamafuse.codec;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panamafuse.Attr;
import dev.panamafuse.Entry;
import dev.panamafuse.testing.Frames;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Golden reply bytes written by {@link ReplyFrame} and {@link AttrEncoder}, and the native
 * {@code struct iovec} array handed to {@code writev(2)}. Little-endian, offsets of protocol 7.45.
 */
@DisplayName("ReplyFrame and AttrEncoder")
class ReplyFrameTest {

    /** Attributes whose every field holds a different value, so a swapped field shows. */
    static final Attr ATTR = new Attr(5, 0100600, 3, 7, 8, 0x0803, 0x1234, 9, 4096,
            Instant.ofEpochSecond(1000, 1), Instant.ofEpochSecond(2000, 2), Instant.ofEpochSecond(3000, 3), 1);

    /** The 88 bytes of {@code fuse_attr} for {@link #ATTR}. */
    static final String[] ATTR_ROWS = {
        "05 00 00 00 00 00 00 00", // attr.ino=5
        "34 12 00 00 00 00 00 00", // attr.size=0x1234
        "09 00 00 00 00 00 00 00", // attr.blocks=9
        "e8 03 00 00 00 00 00 00", // attr.atime=1000
        "d0 07 00 00 00 00 00 00", // attr.mtime=2000
        "b8 0b 00 00 00 00 00 00", // attr.ctime=3000
        "01 00 00 00 02 00 00 00", // attr.atimensec=1, attr.mtimensec=2
        "03 00 00 00 80 81 00 00", // attr.ctimensec=3, attr.mode=0100600
        "03 00 00 00 07 00 00 00", // attr.nlink=3, attr.uid=7
        "08 00 00 00 03 08 00 00", // attr.gid=8, attr.rdev=0x0803
        "00 10 00 00 01 00 00 00", // attr.blksize=4096, attr.flags=1 (FUSE_ATTR_SUBMOUNT)
    };

    private Arena arena;
    private MemorySegment buffer;
    private MemorySegment iovecs;
    private ReplyFrame reply;

    @BeforeEach
    void setUp() {
        arena = Arena.ofConfined();
        buffer = arena.allocate(8192, 4096);
        iovecs = arena.allocate(ReplyFrame.MAX_IOVECS * ReplyFrame.IOVEC_SIZE, 8);
        reply = new ReplyFrame(buffer, iovecs);
    }

    @AfterEach
    void tearDown() {
        arena.close();
    }

    /** The bytes the kernel would receive: every iovec's bytes, concatenated. */
    private byte[] sent() {
        byte[] all = new byte[0];
        for (int i = 0; i < reply.iovecCount(); i++) {
            byte[] part = Frames.bytes(reply.part(i));
            byte[] joined = Arrays.copyOf(all, all.length + part.length);
            System.arraycopy(part, 0, joined, all.length, part.length);
            all = joined;
        }
        assertEquals(reply.length(), all.length, "header len equals the bytes sent");
        return all;
    }

    private long iovBase(int i) {
        return iovecs.get(ValueLayout.JAVA_LONG, i * 16L);
    }

    private long iovLen(int i) {
        return iovecs.get(ValueLayout.JAVA_LONG, i * 16L + 8);
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Nested
    @DisplayName("error replies")
    class Errors {
        @Test
        @DisplayName("an error reply is fuse_out_header only, error = -errno")
        void errorReply() {
            reply.error(0x0102030405060708L, 2);
            assertBytes(hex(
                    "10 00 00 00 fe ff ff ff", // len=16, error=-ENOENT (-2)
                    "08 07 06 05 04 03 02 01"  // unique=0x0102030405060708
            ), sent());
            assertEquals(1, reply.iovecCount());
            assertEquals(buffer.address(), iovBase(0));
            assertEquals(16, iovLen(0));
            assertEquals(-2, reply.errorCode());
            assertEquals(0x0102030405060708L, reply.unique());
            assertEquals(16, reply.length());
        }

        @Test
        @DisplayName("an error after a longer success reply sends only the header")
        void errorAfterSuccess() {
            MemorySegment data = arena.allocate(100);
            reply.begin(1);
            reply.reserve(128);
            reply.attach(data);
            reply.finish();
            assertEquals(2, reply.iovecCount());
            reply.error(2, 5);
            assertBytes(hex(
                    "10 00 00 00 fb ff ff ff", // len=16, error=-EIO (-5)
                    "02 00 00 00 00 00 00 00"  // unique=2
            ), sent());
            assertEquals(1, reply.iovecCount());
            assertEquals(16, iovLen(0));
        }
    }

    @Nested
    @DisplayName("struct encoders")
    class Structs {
        @Test
        @DisplayName("LOOKUP reply: fuse_entry_out with timeouts split into seconds and nanoseconds")
        void entryOut() {
            Entry entry = new Entry(5, 6, ATTR, Duration.ofSeconds(3, 250_000_000), null);
            reply.begin(17);
            long at = reply.reserve(128);
            assertEquals(16, at);
            AttrEncoder.entryOut(reply.buffer(), at, entry, Duration.ofSeconds(99), Duration.ofMillis(1));
            reply.finish();
            assertBytes(hex(concat(new String[] {
                "90 00 00 00 00 00 00 00", // len=144, error=0
                "11 00 00 00 00 00 00 00", // unique=17
                "05 00 00 00 00 00 00 00", // fuse_entry_out: nodeid=5
                "06 00 00 00 00 00 00 00", // generation=6
                "03 00 00 00 00 00 00 00", // entry_valid=3 (s, from the entry)
                "00 00 00 00 00 00 00 00", // attr_valid=0 (s, the default of 1 ms)
                "80 b2 e6 0e 40 42 0f 00", // entry_valid_nsec=250000000, attr_valid_nsec=1000000
            }, ATTR_ROWS)), sent());
            assertEquals(1, reply.iovecCount());
            assertEquals(144, iovLen(0));
        }

        @Test
        @DisplayName("the entry's own attribute timeout wins over the default, the default entry timeout applies")
        void entryOutDefaults() {
            Entry entry = new Entry(5, 0, ATTR, null, Duration.ofNanos(7));
            reply.begin(1);
            long at = reply.reserve(128);
            AttrEncoder.entryOut(reply.buffer(), at, entry, Duration.ofSeconds(4, 8), Duration.ofSeconds(99));
            reply.finish();
            byte[] b = sent();
            assertBytes(hex(
                    "04 00 00 00 00 00 00 00", // entry_valid=4 (the default)
                    "00 00 00 00 00 00 00 00", // attr_valid=0 (the entry's 7 ns)
                    "08 00 00 00 07 00 00 00"  // entry_valid_nsec=8, attr_valid_nsec=7
            ), Arrays.copyOfRange(b, 16 + 16, 16 + 40));
        }

        @Test
        @DisplayName("GETATTR reply: fuse_attr_out")
        void attrOut() {
            reply.begin(18);
            long at = reply.reserve(104);
            AttrEncoder.attrOut(reply.buffer(), at, ATTR, Duration.ofSeconds(2, 5));
            reply.finish();
            assertBytes(hex(concat(new String[] {
                "78 00 00 00 00 00 00 00", // len=120, error=0
                "12 00 00 00 00 00 00 00", // unique=18
                "02 00 00 00 00 00 00 00", // fuse_attr_out: attr_valid=2
                "05 00 00 00 00 00 00 00", // attr_valid_nsec=5, dummy=0
            }, ATTR_ROWS)), sent());
        }

        @Test
        @DisplayName("AttrEncoder.attr writes at any offset and leaves the bytes around it alone")
        void attrAtOffset() {
            MemorySegment s = arena.allocate(100);
            s.fill((byte) 0xee);
            AttrEncoder.attr(s, 6, ATTR);
            byte[] b = Frames.bytes(s);
            assertBytes(hex("ee ee ee ee ee ee"), Arrays.copyOfRange(b, 0, 6));
            assertBytes(hex(ATTR_ROWS), Arrays.copyOfRange(b, 6, 94));
            assertBytes(hex("ee ee ee ee ee ee"), Arrays.copyOfRange(b, 94, 100));
        }
    }

    @Nested
    @DisplayName("payload and iovecs")
    class Payload {
        @Test
        @DisplayName("data written in place after the header, then advance(): one iovec")
        void inPlace() {
            reply.begin(3);
            long free = reply.capacity();
            assertEquals(8192 - 16, free);
            MemorySegment p = reply.payload();
            assertEquals(buffer.address() + 16, p.address());
            byte[] data = "abcd".getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(data, 0, p, ValueLayout.JAVA_BYTE, 0, 4);
            reply.advance(4);
            assertEquals(free - 4, reply.capacity());
            reply.finish();
            assertBytes(hex(
                    "14 00 00 00 00 00 00 00", // len=20, error=0
                    "03 00 00 00 00 00 00 00", // unique=3
                    "61 62 63 64"              // data="abcd"
            ), sent());
            assertEquals(1, reply.iovecCount());
            assertEquals(buffer.address(), iovBase(0));
            assertEquals(20, iovLen(0));
        }

        @Test
        @DisplayName("attach() sends a foreign segment as a second iovec, without copying")
        void attach() {
            MemorySegment data = arena.allocate(5);
            MemorySegment.copy("world".getBytes(StandardCharsets.US_ASCII), 0, data, ValueLayout.JAVA_BYTE, 0, 5);
            reply.begin(4);
            long at = reply.reserve(8);
            reply.buffer().set(ValueLayout.JAVA_INT_UNALIGNED, at, 5);
            reply.attach(data);
            reply.finish();
            assertEquals(2, reply.iovecCount());
            assertEquals(buffer.address(), iovBase(0));
            assertEquals(24, iovLen(0));
            assertEquals(data.address(), iovBase(1));
            assertEquals(5, iovLen(1));
            assertSame(data, reply.part(1));
            assertEquals(24, reply.part(0).byteSize());
            assertBytes(hex(
                    "1d 00 00 00 00 00 00 00", // len=29 (both iovecs), error=0
                    "04 00 00 00 00 00 00 00", // unique=4
                    "05 00 00 00 00 00 00 00", // an 8-byte out struct: size=5, padding
                    "77 6f 72 6c 64"           // attached data="world"
            ), sent());
        }

        @Test
        @DisplayName("an empty attached segment adds no iovec")
        void attachEmpty() {
            reply.begin(5);
            reply.attach(arena.allocate(0));
            reply.finish();
            assertEquals(1, reply.iovecCount());
            assertEquals(16, reply.length());
        }

        @Test
        @DisplayName("begin() forgets an attachment of the previous reply")
        void beginResets() {
            reply.begin(6);
            reply.attach(arena.allocate(10));
            reply.begin(7);
            reply.finish();
            assertEquals(1, reply.iovecCount());
            assertEquals(16, reply.length());
            assertEquals(7, reply.unique());
            assertEquals(0, reply.errorCode());
        }

        @Test
        @DisplayName("attach() refuses heap memory, which writev cannot take")
        void attachHeap() {
            reply.begin(8);
            assertThrows(IllegalArgumentException.class, () -> reply.attach(MemorySegment.ofArray(new byte[4])));
        }

        @Test
        @DisplayName("part() beyond the iovec count fails")
        void partIndex() {
            reply.begin(9);
            reply.finish();
            assertThrows(IndexOutOfBoundsException.class, () -> reply.part(1));
        }

        @Test
        @DisplayName("reserve() zeroes memory left over from an earlier reply")
        void reserveZeroes() {
            buffer.fill((byte) 0xff);
            reply.begin(10);
            long at = reply.reserve(64);
            byte[] zeros = new byte[64];
            assertBytes(zeros, Frames.bytes(buffer.asSlice(at, 64)));
            assertEquals((byte) 0xff, buffer.get(ValueLayout.JAVA_BYTE, at + 64), "only the reserved bytes");
            long second = reply.reserve(8);
            assertEquals(at + 64, second);
            reply.finish();
            assertEquals(16 + 72, reply.length());
        }

        @Test
        @DisplayName("advance() refuses to move beyond the buffer or backwards")
        void advanceBounds() {
            reply.begin(11);
            assertThrows(IndexOutOfBoundsException.class, () -> reply.advance(8192 - 16 + 1));
            assertThrows(IndexOutOfBoundsException.class, () -> reply.advance(-1));
            reply.advance(8192 - 16);
            assertEquals(0, reply.capacity());
            assertThrows(IndexOutOfBoundsException.class, () -> reply.reserve(1));
        }

        @Test
        @DisplayName("the constructor checks the buffer (≥ 4096) and the iovec array (≥ 2 iovecs)")
        void constructorChecks() {
            assertThrows(IllegalArgumentException.class, () -> new ReplyFrame(arena.allocate(4095), iovecs));
            assertThrows(IllegalArgumentException.class, () -> new ReplyFrame(buffer, arena.allocate(31)));
        }
    }
}
