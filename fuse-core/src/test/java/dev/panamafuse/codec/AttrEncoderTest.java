package dev.panamafuse.codec;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panamafuse.Attr;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.testing.Frames;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes of {@link AttrEncoder}: {@code fuse_attr}, {@code fuse_attr_out} and
 * {@code fuse_entry_out} (positive and negative). Little-endian, offsets of protocol 7.45.
 */
@DisplayName("AttrEncoder")
class AttrEncoderTest {
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


    private TestReply out;
    private ReplyFrame reply;
    private Arena arena;

    @BeforeEach
    void setUp() {
        out = new TestReply();
        reply = out.reply;
        arena = out.arena;
    }

    @AfterEach
    void tearDown() {
        out.close();
    }

    private byte[] sent() {
        return out.sent();
    }

    private long iovLen(int i) {
        return reply.iovecs().get(ValueLayout.JAVA_LONG, i * 16L + 8);
    }

    private static String[] concat(String[] a, String... b) {
        return TestReply.rows(a, b);
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
    @DisplayName("appending to a ReplyFrame")
    class Appending {
        @Test
        @DisplayName("attrOut(ReplyFrame) reserves the struct at the cursor; entryOut(ReplyFrame) after it")
        void appendBoth() {
            reply.begin(19);
            AttrEncoder.attrOut(reply, ATTR, Duration.ofSeconds(2, 5));
            AttrEncoder.entryOut(reply, new Entry(5, 6, ATTR, null, null), Duration.ofSeconds(1), Duration.ZERO);
            byte[] b = sent();
            assertEquals(16 + 104 + 128, b.length);
            assertBytes(hex(
                    "02 00 00 00 00 00 00 00", // fuse_attr_out: attr_valid=2
                    "05 00 00 00 00 00 00 00"  // attr_valid_nsec=5, dummy=0
            ), Arrays.copyOfRange(b, 16, 32));
            assertBytes(hex(
                    "05 00 00 00 00 00 00 00", // fuse_entry_out: nodeid=5
                    "06 00 00 00 00 00 00 00", // generation=6
                    "01 00 00 00 00 00 00 00"  // entry_valid=1 (the default)
            ), Arrays.copyOfRange(b, 120, 144));
        }

        @Test
        @DisplayName("a negative entry: node id 0 and the entry timeout, nothing else")
        void negativeEntry() {
            reply.begin(20);
            AttrEncoder.negativeEntryOut(reply, Duration.ofMillis(1500));
            byte[] b = sent();
            assertBytes(hex(
                    "90 00 00 00 00 00 00 00", // len=144, error=0
                    "14 00 00 00 00 00 00 00", // unique=20
                    "00 00 00 00 00 00 00 00", // fuse_entry_out: nodeid=0
                    "00 00 00 00 00 00 00 00", // generation=0
                    "01 00 00 00 00 00 00 00", // entry_valid=1
                    "00 00 00 00 00 00 00 00", // attr_valid=0
                    "00 65 cd 1d 00 00 00 00"  // entry_valid_nsec=500000000, attr_valid_nsec=0
            ), Arrays.copyOfRange(b, 0, 56));
            assertBytes(new byte[88], Arrays.copyOfRange(b, 56, 144)); // attr: all zero
        }

        @Test
        @DisplayName("a null Attr or Entry of a handler is EIO")
        void nulls() {
            reply.begin(21);
            assertEquals(Errno.EIO, assertThrows(FuseException.class,
                    () -> AttrEncoder.attrOut(reply, null, Duration.ZERO)).errno());
            assertEquals(Errno.EIO, assertThrows(FuseException.class,
                    () -> AttrEncoder.entryOut(reply, null, Duration.ZERO, Duration.ZERO)).errno());
        }
    }
}
