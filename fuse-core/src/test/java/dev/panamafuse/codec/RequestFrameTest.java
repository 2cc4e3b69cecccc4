package dev.panamafuse.codec;

import static dev.panamafuse.testing.Frames.assertBytes;
import static dev.panamafuse.testing.Frames.hex;
import static dev.panamafuse.testing.Frames.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.testing.Frames;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Golden request frames, as the kernel writes them on x86_64 (little-endian), decoded in place
 * by {@link RequestFrame}. Each row of a frame is commented with the fields it holds; offsets and
 * sizes follow {@code include/uapi/linux/fuse.h} of protocol 7.45.
 */
@DisplayName("RequestFrame")
class RequestFrameTest {

    /** FUSE_GETATTR with a fuse_getattr_in asking for a file handle. */
    static final byte[] GETATTR = hex(
            "38 00 00 00 03 00 00 00", // len=56, opcode=GETATTR (3)
            "08 07 06 05 04 03 02 01", // unique=0x0102030405060708
            "2a 00 00 00 00 00 00 00", // nodeid=42
            "e8 03 00 00 e9 03 00 00", // uid=1000, gid=1001
            "39 30 00 00 00 00 00 00", // pid=12345, total_extlen=0, padding=0
            "01 00 00 00 00 00 00 00", // fuse_getattr_in: getattr_flags=FUSE_GETATTR_FH, dummy=0
            "07 00 00 00 00 00 00 00"  // fh=7
    );

    /** FUSE_LOOKUP of "hello" in the root. */
    static final byte[] LOOKUP = hex(
            "2e 00 00 00 01 00 00 00", // len=46, opcode=LOOKUP (1)
            "02 00 00 00 00 00 00 00", // unique=2
            "01 00 00 00 00 00 00 00", // nodeid=1 (FUSE_ROOT_ID)
            "00 00 00 00 00 00 00 00", // uid=0, gid=0
            "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
            "68 65 6c 6c 6f 00"        // name="hello" NUL
    );

    /** FUSE_MKDIR: a fixed struct, then a name. */
    static final byte[] MKDIR = hex(
            "34 00 00 00 09 00 00 00", // len=52, opcode=MKDIR (9)
            "03 00 00 00 00 00 00 00", // unique=3
            "01 00 00 00 00 00 00 00", // nodeid=1
            "00 00 00 00 00 00 00 00", // uid=0, gid=0
            "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
            "ed 41 00 00 12 00 00 00", // fuse_mkdir_in: mode=040755, umask=022
            "64 69 72 00"              // name="dir" NUL
    );

    /** FUSE_SYMLINK: two names, the link's name then its target. */
    static final byte[] SYMLINK = hex(
            "34 00 00 00 06 00 00 00", // len=52, opcode=SYMLINK (6)
            "06 00 00 00 00 00 00 00", // unique=6
            "01 00 00 00 00 00 00 00", // nodeid=1
            "00 00 00 00 00 00 00 00", // uid=0, gid=0
            "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
            "6c 6e 6b 00",             // name="lnk" NUL
            "2f 74 6d 70 2f c3 a9 00"  // target="/tmp/é" (UTF-8 c3 a9) NUL
    );

    /** FUSE_WRITE: fuse_write_in, then five bytes of data. */
    static final byte[] WRITE = hex(
            "55 00 00 00 10 00 00 00", // len=85, opcode=WRITE (16)
            "04 00 00 00 00 00 00 00", // unique=4
            "05 00 00 00 00 00 00 00", // nodeid=5
            "00 00 00 00 00 00 00 00", // uid=0, gid=0
            "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
            "09 00 00 00 00 00 00 00", // fuse_write_in: fh=9
            "00 10 00 00 00 00 00 00", // offset=4096
            "05 00 00 00 00 00 00 00", // size=5, write_flags=0
            "00 00 00 00 00 00 00 00", // lock_owner=0
            "00 00 00 00 00 00 00 00", // flags=0, padding=0
            "68 65 6c 6c 6f"           // data="hello"
    );

    /** FUSE_CREATE with a 16-byte extension (supplementary groups) after the name, as since 7.38. */
    static final byte[] CREATE_WITH_EXT = hex(
            "4a 00 00 00 23 00 00 00", // len=74, opcode=CREATE (35)
            "05 00 00 00 00 00 00 00", // unique=5
            "01 00 00 00 00 00 00 00", // nodeid=1
            "e8 03 00 00 e8 03 00 00", // uid=1000, gid=1000
            "d2 04 00 00 02 00 00 00", // pid=1234, total_extlen=2 (16 bytes), padding=0
            "41 80 00 00 a4 81 00 00", // fuse_create_in: flags=O_WRONLY|O_CREAT|O_LARGEFILE, mode=0100644
            "12 00 00 00 00 00 00 00", // umask=022, open_flags=0
            "66 00",                   // name="f" NUL
            "10 00 00 00 20 00 00 00", // fuse_ext_header: size=16, type=FUSE_EXT_GROUPS (32)
            "01 00 00 00 64 00 00 00"  // fuse_supp_groups: nr_groups=1, groups[0]=100
    );

    /** FUSE_SETXATTR-like frame whose value runs up to an 8-byte extension area. */
    static final byte[] DATA_THEN_EXT = hex(
            "38 00 00 00 15 00 00 00", // len=56, opcode=SETXATTR (21)
            "07 00 00 00 00 00 00 00", // unique=7
            "02 00 00 00 00 00 00 00", // nodeid=2
            "00 00 00 00 00 00 00 00", // uid=0, gid=0
            "00 00 00 00 01 00 00 00", // pid=0, total_extlen=1 (8 bytes), padding=0
            "61 62 63 64 65 66 67 68", // payload "abcdefgh"
            "08 00 00 00 20 00 00 00"  // fuse_ext_header: size=8, type=FUSE_EXT_GROUPS (32)
    );

    private Arena arena;
    private RequestFrame frame;

    @BeforeEach
    void setUp() {
        arena = Arena.ofConfined();
        frame = new RequestFrame();
    }

    @AfterEach
    void tearDown() {
        arena.close();
    }

    /** Wraps a golden frame that sits at the start of a 4 KiB buffer whose tail is {@code fill}. */
    private RequestFrame wrap(byte[] bytes, byte fill) {
        MemorySegment buffer = segment(arena, bytes, 4096, fill);
        return frame.wrap(buffer, bytes.length);
    }

    private RequestFrame wrap(byte[] bytes) {
        return wrap(bytes, (byte) 0x5a);
    }

    @Test
    @DisplayName("the golden frames are as long as their len field says")
    void goldenLengths() {
        for (byte[] f : new byte[][] {GETATTR, LOOKUP, MKDIR, SYMLINK, WRITE, CREATE_WITH_EXT, DATA_THEN_EXT}) {
            int len = (f[0] & 0xff) | (f[1] & 0xff) << 8;
            assertEquals(f.length, len, Frames.dump(f));
        }
    }

    @Nested
    @DisplayName("header")
    class Header {
        @Test
        @DisplayName("every fuse_in_header field is read little-endian at its offset")
        void getters() {
            RequestFrame f = wrap(GETATTR);
            assertSame(frame, f);
            assertEquals(56, f.len());
            assertEquals(3, f.opcode());
            assertEquals(0x0102030405060708L, f.unique());
            assertEquals(42, f.nodeid());
            assertEquals(1000, f.uid());
            assertEquals(1001, f.gid());
            assertEquals(12345, f.pid());
            assertEquals(0, f.totalExtlen());
            assertEquals(16, f.remaining());
            assertEquals(0, f.extensions().byteSize());
        }

        @Test
        @DisplayName("an unmappable uid (FUSE_INVALID_UIDGID) reads as -1")
        void invalidUid() {
            byte[] b = Frames.request(3, 1, 1).uid(-1).gid(-1).zeros(16).build();
            assertBytes(hex("ff ff ff ff ff ff ff ff"), java.util.Arrays.copyOfRange(b, 24, 32));
            RequestFrame f = wrap(b);
            assertEquals(-1, f.uid());
            assertEquals(-1, f.gid());
        }

        @Test
        @DisplayName("the builder of the test helper writes the same bytes as the golden frame")
        void builderMatchesGolden() {
            byte[] built = Frames.request(3, 0x0102030405060708L, 42).uid(1000).gid(1001).pid(12345)
                    .u32(1).u32(0).u64(7).build();
            assertBytes(GETATTR, built);
        }

        @Test
        @DisplayName("peekUnique reads the unique of any frame of at least 16 bytes, else 0")
        void peekUnique() {
            MemorySegment s = segment(arena, GETATTR);
            assertEquals(0x0102030405060708L, RequestFrame.peekUnique(s, GETATTR.length));
            assertEquals(0x0102030405060708L, RequestFrame.peekUnique(s, 16));
            assertEquals(0, RequestFrame.peekUnique(s, 15));
            assertEquals(0, RequestFrame.peekUnique(s, 0));
        }

        @Test
        @DisplayName("wrap re-points the view: the cursor restarts after the header")
        void rewrap() {
            wrap(MKDIR);
            frame.argument(8);
            frame.name();
            assertEquals(0, frame.remaining());
            wrap(LOOKUP);
            assertEquals(1, frame.opcode());
            assertEquals(6, frame.remaining());
            assertEquals("hello", frame.name());
        }
    }

    @Nested
    @DisplayName("argument cursor")
    class Cursor {
        @Test
        @DisplayName("argument() returns the struct's offset and advances past it")
        void argument() {
            RequestFrame f = wrap(MKDIR);
            assertEquals(12, f.remaining());
            long at = f.argument(8);
            assertEquals(40, at);
            assertEquals(040755, f.getInt(at));
            assertEquals(022, f.getInt(at + 4));
            assertEquals(4, f.remaining());
            assertEquals("dir", f.name());
            assertEquals(0, f.remaining());
        }

        @Test
        @DisplayName("getLong reads 64-bit fields of an argument")
        void getLong() {
            RequestFrame f = wrap(GETATTR);
            long at = f.argument(16);
            assertEquals(1, f.getInt(at));
            assertEquals(7, f.getLong(at + 8));
        }

        @Test
        @DisplayName("an argument longer than what is left fails and names the opcode")
        void argumentTooLong() {
            RequestFrame f = wrap(MKDIR);
            f.argument(8);
            MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> f.argument(5));
            assertTrue(e.getMessage().contains("5 bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("4 left"), e.getMessage());
            assertTrue(e.getMessage().contains("opcode 9"), e.getMessage());
            assertEquals(4, f.remaining(), "a failed argument() does not move the cursor");
        }

        @Test
        @DisplayName("a frame with only a header has no argument")
        void noArgument() {
            RequestFrame f = wrap(Frames.request(17, 9, 1).build());
            assertEquals(0, f.remaining());
            assertThrows(MalformedFrameException.class, () -> f.argument(1));
            assertEquals(0, f.rest().byteSize());
        }
    }

    @Nested
    @DisplayName("names")
    class Names {
        @Test
        @DisplayName("name() reads up to the NUL and steps over it")
        void withNul() {
            RequestFrame f = wrap(LOOKUP);
            assertEquals("hello", f.name());
            assertEquals(0, f.remaining());
        }

        @Test
        @DisplayName("two names in a row, UTF-8 decoded")
        void twoNames() {
            RequestFrame f = wrap(SYMLINK);
            assertEquals("lnk", f.name());
            assertEquals("/tmp/\u00e9", f.name());
            assertEquals(0, f.remaining());
        }

        @Test
        @DisplayName("an empty name is just a NUL")
        void emptyName() {
            RequestFrame f = wrap(Frames.request(1, 1, 1).name("").build());
            assertEquals("", f.name());
        }

        @Test
        @DisplayName("invalid UTF-8 is escaped losslessly (byte 0xff becomes U+DCFF), never replaced")
        void invalidUtf8() {
            RequestFrame f = wrap(Frames.request(1, 1, 1).put(new byte[] {'a', (byte) 0xff, 'b', 0}).build());
            assertEquals("a\udcffb", f.name());
        }

        @Test
        @DisplayName("a name without NUL fails, even when a NUL follows right after len in the buffer")
        void missingNul() {
            byte[] noNul = hex(
                    "2b 00 00 00 01 00 00 00", // len=43, opcode=LOOKUP (1)
                    "0b 00 00 00 00 00 00 00", // unique=11
                    "01 00 00 00 00 00 00 00", // nodeid=1
                    "00 00 00 00 00 00 00 00", // uid=0, gid=0
                    "00 00 00 00 00 00 00 00", // pid=0, total_extlen=0, padding=0
                    "61 62 63"                 // name="abc", no NUL
            );
            // the buffer after the frame is all zero: a reader that ran past len would find a NUL
            RequestFrame f = wrap(noNul, (byte) 0);
            MalformedFrameException e = assertThrows(MalformedFrameException.class, f::name);
            assertTrue(e.getMessage().contains("NUL"), e.getMessage());
            assertTrue(e.getMessage().contains("opcode 1"), e.getMessage());
            assertEquals(3, f.remaining(), "a failed name() does not move the cursor");
        }

        @Test
        @DisplayName("the second name of a pair without NUL fails")
        void secondNameMissingNul() {
            RequestFrame f = wrap(Frames.request(12, 1, 1).name("a").put("b".getBytes(StandardCharsets.UTF_8))
                    .build(), (byte) 0);
            assertEquals("a", f.name());
            assertThrows(MalformedFrameException.class, f::name);
        }

        @Test
        @DisplayName("the NUL search stops at the extension area")
        void nulInExtensionIsNotUsed() {
            byte[] b = hex(
                    "32 00 00 00 01 00 00 00", // len=50, opcode=LOOKUP (1)
                    "0c 00 00 00 00 00 00 00", // unique=12
                    "01 00 00 00 00 00 00 00", // nodeid=1
                    "00 00 00 00 00 00 00 00", // uid=0, gid=0
                    "00 00 00 00 01 00 00 00", // pid=0, total_extlen=1 (8 bytes), padding=0
                    "78 79",                   // name="xy", no NUL before the extensions
                    "08 00 00 00 20 00 00 00"  // fuse_ext_header: size=8, type=32 (holds NUL bytes)
            );
            RequestFrame f = wrap(b);
            assertEquals(2, f.remaining());
            assertThrows(MalformedFrameException.class, f::name);
        }
    }

    @Nested
    @DisplayName("data and rest")
    class Data {
        @Test
        @DisplayName("data(n) is a read-only slice of the request buffer with the payload's bytes")
        void dataSlice() {
            RequestFrame f = wrap(WRITE);
            long at = f.argument(40);
            assertEquals(9, f.getLong(at));
            assertEquals(4096, f.getLong(at + 8));
            assertEquals(5, f.getInt(at + 16));
            MemorySegment data = f.data(5);
            assertEquals(5, data.byteSize());
            assertTrue(data.isReadOnly());
            assertEquals(f.segment().address() + 80, data.address(), "a view, not a copy");
            assertBytes("hello".getBytes(StandardCharsets.UTF_8), Frames.bytes(data));
            assertThrows(IllegalArgumentException.class, () -> data.set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
            assertEquals(0, f.remaining());
        }

        @Test
        @DisplayName("data(n) beyond the frame fails")
        void dataTooLong() {
            RequestFrame f = wrap(WRITE);
            f.argument(40);
            assertThrows(MalformedFrameException.class, () -> f.data(6));
        }

        @Test
        @DisplayName("rest() takes everything up to the end, read-only")
        void rest() {
            RequestFrame f = wrap(WRITE);
            f.argument(40);
            MemorySegment rest = f.rest();
            assertTrue(rest.isReadOnly());
            assertBytes("hello".getBytes(StandardCharsets.UTF_8), Frames.bytes(rest));
            assertEquals(0, f.remaining());
            assertEquals(0, f.rest().byteSize());
        }

        @Test
        @DisplayName("the extension area (total_extlen * 8 bytes) is excluded from rest() and given by extensions()")
        void extensionExcluded() {
            RequestFrame f = wrap(DATA_THEN_EXT);
            assertEquals(1, f.totalExtlen());
            assertEquals(8, f.remaining());
            MemorySegment rest = f.rest();
            assertBytes("abcdefgh".getBytes(StandardCharsets.UTF_8), Frames.bytes(rest));
            MemorySegment ext = f.extensions();
            assertTrue(ext.isReadOnly());
            assertBytes(hex("08 00 00 00 20 00 00 00"), Frames.bytes(ext));
        }

        @Test
        @DisplayName("CREATE with an extension: struct, name, then nothing left before the extension")
        void createWithExtension() {
            RequestFrame f = wrap(CREATE_WITH_EXT);
            assertEquals(74, f.len());
            assertEquals(35, f.opcode());
            assertEquals(1234, f.pid());
            assertEquals(2, f.totalExtlen());
            long at = f.argument(16);
            assertEquals(0x8041, f.getInt(at));
            assertEquals(0100644, f.getInt(at + 4));
            assertEquals(022, f.getInt(at + 8));
            assertEquals("f", f.name());
            assertEquals(0, f.remaining());
            assertEquals(0, f.rest().byteSize());
            assertBytes(hex("10 00 00 00 20 00 00 00", "01 00 00 00 64 00 00 00"), Frames.bytes(f.extensions()));
        }
    }

    @Nested
    @DisplayName("malformed frames")
    class Malformed {
        @Test
        @DisplayName("fewer bytes than fuse_in_header (40) fails naming both sizes")
        void shortHeader() {
            byte[] b = java.util.Arrays.copyOf(GETATTR, 39);
            MemorySegment s = segment(arena, b, 4096, (byte) 0);
            MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> frame.wrap(s, 39));
            assertTrue(e.getMessage().contains("39"), e.getMessage());
            assertTrue(e.getMessage().contains("40"), e.getMessage());
            assertThrows(MalformedFrameException.class, () -> frame.wrap(s, 0));
        }

        @Test
        @DisplayName("a byte count larger than the buffer fails")
        void longerThanBuffer() {
            MemorySegment s = segment(arena, GETATTR);
            assertThrows(MalformedFrameException.class, () -> frame.wrap(s, GETATTR.length + 1));
        }

        @Test
        @DisplayName("len differing from the bytes read fails naming both")
        void lenMismatch() {
            byte[] b = LOOKUP.clone();
            b[0] = 0x3c; // len=60, but 46 bytes are read
            MemorySegment s = segment(arena, b, 4096, (byte) 0);
            MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> frame.wrap(s, 46));
            assertTrue(e.getMessage().contains("60"), e.getMessage());
            assertTrue(e.getMessage().contains("46"), e.getMessage());
            assertEquals(2, RequestFrame.peekUnique(s, 46), "the unique can still be answered");
        }

        @Test
        @DisplayName("a len with the top bit set is shown unsigned")
        void hugeLen() {
            byte[] b = Frames.request(1, 1, 1).len(0xffff_fff0).name("a").build();
            MemorySegment s = segment(arena, b, 4096, (byte) 0);
            MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> frame.wrap(s, b.length));
            assertTrue(e.getMessage().contains("4294967280"), e.getMessage());
        }

        @Test
        @DisplayName("total_extlen larger than the frame's arguments fails naming it")
        void extlenTooLarge() {
            byte[] b = hex(
                    "30 00 00 00 01 00 00 00", // len=48, opcode=LOOKUP (1)
                    "0d 00 00 00 00 00 00 00", // unique=13
                    "01 00 00 00 00 00 00 00", // nodeid=1
                    "00 00 00 00 00 00 00 00", // uid=0, gid=0
                    "00 00 00 00 02 00 00 00", // pid=0, total_extlen=2 (16 bytes: more than the 8 after the header)
                    "61 00 00 00 00 00 00 00"  // name="a" NUL, padding
            );
            MemorySegment s = segment(arena, b, 4096, (byte) 0);
            MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> frame.wrap(s, 48));
            assertTrue(e.getMessage().contains("total_extlen 2"), e.getMessage());
            assertTrue(e.getMessage().contains("48"), e.getMessage());
        }

        @Test
        @DisplayName("total_extlen filling every byte after the header is accepted")
        void extlenExact() {
            byte[] b = Frames.request(1, 14, 1).totalExtlen(1).u32(8).u32(32).build();
            RequestFrame f = wrap(b);
            assertEquals(0, f.remaining());
            assertEquals(8, f.extensions().byteSize());
            assertThrows(MalformedFrameException.class, f::name);
        }
    }
}
