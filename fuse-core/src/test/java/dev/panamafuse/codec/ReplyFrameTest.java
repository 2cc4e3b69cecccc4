package dev.panamafuse.codec;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panamafuse.testing.Frames;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Golden reply bytes written by {@link ReplyFrame}, and the native {@code struct iovec} array
 * handed to {@code writev(2)}. Little-endian, offsets of protocol 7.45. The struct encoders have
 * their own tests ({@link AttrEncoderTest}, {@link ReplyEncodersTest}).
 */
@DisplayName("ReplyFrame")
class ReplyFrameTest {

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
