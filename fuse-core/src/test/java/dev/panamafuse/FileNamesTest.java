package dev.panamafuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lossless conversion of names between bytes and strings. */
class FileNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "données", "日本語.txt", "emoji-😀", "a b\tc"})
    @DisplayName("valid UTF-8 decodes to the usual string and encodes back")
    void validUtf8(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        assertEquals(name, FileNames.decode(bytes));
        assertArrayEquals(bytes, FileNames.encode(name));
        assertEquals(bytes.length, FileNames.byteLength(name));
    }

    @Test
    @DisplayName("invalid bytes become U+DC00+byte, distinct names stay distinct, and encode restores them")
    void invalidBytesRoundTrip() {
        byte[] ff = {'a', (byte) 0xff};
        byte[] fe = {'a', (byte) 0xfe};
        assertEquals("a\uDCFF", FileNames.decode(ff));
        assertNotEquals(FileNames.decode(ff), FileNames.decode(fe));
        assertArrayEquals(ff, FileNames.encode(FileNames.decode(ff)));
        byte[] mixed = {(byte) 0xc3, (byte) 0xa9, (byte) 0xc3, '/', (byte) 0xe6, (byte) 0x97, 'x'};
        assertArrayEquals(mixed, FileNames.encode(FileNames.decode(mixed)));
        assertEquals(mixed.length, FileNames.byteLength(FileNames.decode(mixed)));
    }

    @Test
    @DisplayName("an encoded surrogate (CESU) is not valid UTF-8 and is escaped byte by byte")
    void encodedSurrogate() {
        byte[] cesu = {(byte) 0xed, (byte) 0xb3, (byte) 0xbf};
        assertEquals("\uDCED\uDCB3\uDCBF", FileNames.decode(cesu));
        assertArrayEquals(cesu, FileNames.encode(FileNames.decode(cesu)));
    }

    @Test
    @DisplayName("random byte strings round-trip")
    void randomBytes() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[random.nextInt(32)];
            random.nextBytes(b);
            assertArrayEquals(b, FileNames.encode(FileNames.decode(b)), () -> java.util.HexFormat.of().formatHex(b));
        }
    }
}
