package dev.panamafuse.codec;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.testing.Frames;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden {@code fuse_dirent} and {@code fuse_direntplus} records written by {@link DirentWriter}:
 * 8-byte aligned with zero padding, stopping at the size the kernel asked for.
 */
@DisplayName("DirentWriter")
class DirentWriterTest {
    private static final int DIR = Mode.S_IFDIR | 0755;
    private static final int REG = Mode.S_IFREG | 0644;

    private Arena arena;
    private MemorySegment buffer;
    private ReplyFrame reply;
    private DirentWriter writer;

    @BeforeEach
    void setUp() {
        arena = Arena.ofConfined();
        buffer = arena.allocate(8192, 4096);
        buffer.fill((byte) 0xff); // garbage from an earlier reply: padding must still come out zero
        reply = new ReplyFrame(buffer, arena.allocate(32, 8));
        writer = new DirentWriter();
    }

    @AfterEach
    void tearDown() {
        arena.close();
    }

    private void start(long size, boolean plus) {
        reply.begin(1);
        writer.start(reply, size, plus, Duration.ofSeconds(1), Duration.ofMillis(500));
    }

    /** The entries written so far: the reply after the out header. */
    private byte[] entries() {
        reply.finish();
        byte[] all = Frames.bytes(reply.part(0));
        return Arrays.copyOfRange(all, 16, all.length);
    }

    @Nested
    @DisplayName("readdir (fuse_dirent)")
    class Plain {
        @Test
        @DisplayName("\".\", \"..\" and \"hello\": 24-byte header, name, zero padding to 8")
        void golden() {
            start(4096, false);
            assertFalse(writer.isPlus());
            assertTrue(writer.add(".", 1, DIR, 1));
            assertTrue(writer.add("..", 1, DIR, 2));
            assertTrue(writer.add("hello", 2, REG, 3));
            assertBytes(hex(
                    "01 00 00 00 00 00 00 00", // ino=1
                    "01 00 00 00 00 00 00 00", // off=1 (offset of the next entry)
                    "01 00 00 00 04 00 00 00", // namelen=1, type=DT_DIR (4)
                    "2e 00 00 00 00 00 00 00", // name=".", padding
                    "01 00 00 00 00 00 00 00", // ino=1
                    "02 00 00 00 00 00 00 00", // off=2
                    "02 00 00 00 04 00 00 00", // namelen=2, type=DT_DIR (4)
                    "2e 2e 00 00 00 00 00 00", // name="..", padding
                    "02 00 00 00 00 00 00 00", // ino=2
                    "03 00 00 00 00 00 00 00", // off=3
                    "05 00 00 00 08 00 00 00", // namelen=5, type=DT_REG (8)
                    "68 65 6c 6c 6f 00 00 00"  // name="hello", padding
            ), entries());
        }

        @Test
        @DisplayName("a name of exactly 8 bytes needs no padding; 9 bytes pad to 16")
        void alignment() {
            start(4096, false);
            assertTrue(writer.add("12345678", 3, REG, 1));
            assertTrue(writer.add("123456789", 4, Mode.S_IFLNK | 0777, 2));
            assertBytes(hex(
                    "03 00 00 00 00 00 00 00", // ino=3
                    "01 00 00 00 00 00 00 00", // off=1
                    "08 00 00 00 08 00 00 00", // namelen=8, type=DT_REG (8)
                    "31 32 33 34 35 36 37 38", // name="12345678", no padding
                    "04 00 00 00 00 00 00 00", // ino=4
                    "02 00 00 00 00 00 00 00", // off=2
                    "09 00 00 00 0a 00 00 00", // namelen=9, type=DT_LNK (10)
                    "31 32 33 34 35 36 37 38", // name="12345678...
                    "39 00 00 00 00 00 00 00"  // ...9", padding
            ), entries());
        }

        @Test
        @DisplayName("namelen counts UTF-8 bytes; mode 0 gives DT_UNKNOWN")
        void utf8AndUnknownType() {
            start(4096, false);
            assertTrue(writer.add("\u00e9", 9, 0, 1));
            assertBytes(hex(
                    "09 00 00 00 00 00 00 00", // ino=9
                    "01 00 00 00 00 00 00 00", // off=1
                    "02 00 00 00 00 00 00 00", // namelen=2, type=DT_UNKNOWN (0)
                    "c3 a9 00 00 00 00 00 00"  // name="é" (UTF-8), padding
            ), entries());
        }

        @Test
        @DisplayName("stops when the next record would exceed the requested size; the refused entry leaves no bytes")
        void stopsAtSize() {
            start(64, false);
            assertTrue(writer.add(".", 1, DIR, 1));
            assertTrue(writer.add("..", 1, DIR, 2));
            assertFalse(writer.add("hello", 2, REG, 3));
            assertFalse(writer.add("x", 3, REG, 4), "still full");
            assertEquals(64, entries().length);
        }

        @Test
        @DisplayName("a record that needs one byte more than is left is refused")
        void oneByteShort() {
            start(63, false);
            assertTrue(writer.add("a", 1, REG, 1));
            assertFalse(writer.add("b", 2, REG, 2));
            assertEquals(32, entries().length);
        }

        @Test
        @DisplayName("a size larger than the reply buffer is capped at the buffer")
        void cappedByBuffer() {
            start(0xFFFF_FFFFL, false);
            int n = 0;
            while (writer.add("e" + (n % 10), n + 2, REG, n + 1)) {
                n++;
            }
            assertEquals((8192 - 16) / 32, n);
            assertTrue(entries().length <= 8192 - 16);
        }

        @Test
        @DisplayName("start() re-arms the writer for the next request")
        void rearm() {
            start(32, false);
            assertTrue(writer.add("a", 1, REG, 1));
            assertFalse(writer.add("b", 2, REG, 2));
            start(32, false);
            assertTrue(writer.add("b", 2, REG, 2));
            assertEquals(32, entries().length);
        }

        @Test
        @DisplayName("add(name, entry, off) is refused for readdir")
        void wrongVariant() {
            start(4096, false);
            Entry e = Entry.of(AttrEncoderTest.ATTR);
            assertThrows(IllegalStateException.class, () -> writer.add("a", e, 1));
        }
    }

    @Nested
    @DisplayName("readdirplus (fuse_direntplus)")
    class Plus {
        @Test
        @DisplayName("entry_out (128 bytes), then fuse_dirent whose ino and type come from the attributes")
        void golden() {
            start(4096, true);
            assertTrue(writer.isPlus());
            assertTrue(writer.add("abc", new Entry(5, 6, AttrEncoderTest.ATTR, null, null), 7));
            String[] head = {
                "05 00 00 00 00 00 00 00", // entry_out.nodeid=5
                "06 00 00 00 00 00 00 00", // generation=6
                "01 00 00 00 00 00 00 00", // entry_valid=1 (the default entry timeout)
                "00 00 00 00 00 00 00 00", // attr_valid=0
                "00 00 00 00 00 65 cd 1d", // entry_valid_nsec=0, attr_valid_nsec=500000000 (the default 500 ms)
            };
            String[] tail = {
                "05 00 00 00 00 00 00 00", // dirent.ino=5 (attr.ino)
                "07 00 00 00 00 00 00 00", // off=7
                "03 00 00 00 08 00 00 00", // namelen=3, type=DT_REG (8)
                "61 62 63 00 00 00 00 00", // name="abc", padding to 160
            };
            String[] rows = new String[head.length + AttrEncoderTest.ATTR_ROWS.length + tail.length];
            System.arraycopy(head, 0, rows, 0, head.length);
            System.arraycopy(AttrEncoderTest.ATTR_ROWS, 0, rows, head.length, AttrEncoderTest.ATTR_ROWS.length);
            System.arraycopy(tail, 0, rows, head.length + AttrEncoderTest.ATTR_ROWS.length, tail.length);
            assertBytes(hex(rows), entries());
        }

        @Test
        @DisplayName("a 152 + name record stops at the requested size")
        void stopsAtSize() {
            start(160 + 159, true);
            Entry e = Entry.of(AttrEncoderTest.ATTR);
            assertTrue(writer.add("abc", e, 1));
            assertFalse(writer.add("def", e, 2));
            assertEquals(160, entries().length);
        }

        @Test
        @DisplayName("add(name, ino, mode, off) is refused for readdirplus")
        void wrongVariant() {
            start(4096, true);
            assertThrows(IllegalStateException.class, () -> writer.add("a", 1, REG, 1));
        }
    }

    @Nested
    @DisplayName("invalid names")
    class InvalidNames {
        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"", "a/b", "/", "a\0b"})
        @DisplayName("are rejected with EIO and write nothing")
        void rejected(String name) {
            start(4096, false);
            FuseException e = assertThrows(FuseException.class, () -> writer.add(name, 2, REG, 1));
            assertEquals(Errno.EIO, e.errno());
            FuseException p = assertThrows(FuseException.class, () -> {
                start(4096, true);
                writer.add(name, Entry.of(AttrEncoderTest.ATTR), 1);
            });
            assertEquals(Errno.EIO, p.errno());
            assertEquals(0, entries().length);
        }

        @Test
        @DisplayName("a name longer than 1024 bytes is rejected, 1024 is accepted")
        void tooLong() {
            start(4096, false);
            assertThrows(FuseException.class, () -> writer.add("x".repeat(1025), 2, REG, 1));
            assertTrue(writer.add("x".repeat(1024), 2, REG, 1));
            assertEquals(24 + 1024, entries().length);
        }
    }
}
