package dev.panamafuse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Converts file names (and symlink targets, xattr names) between the kernel's bytes and the
 * {@code String}s a {@link FileSystem} sees, without losing anything. Valid UTF-8 becomes the usual characters; every byte that is
 * not part of valid UTF-8 becomes the lone surrogate {@code U+DC00 + byte} (the "surrogateescape"
 * scheme Python uses for the same problem), and {@link #encode(String)} turns those surrogates
 * back into the original bytes. So a name such as {@code b"a\xff"} arrives as {@code "a\uDCFF"},
 * is distinct from {@code b"a\xfe"}, and is written back byte for byte. A filesystem that
 * stores names as bytes (a passthrough to a real directory) uses {@link #encode(String)}.
 */
public final class FileNames {
    private static final char ESCAPE_FIRST = '\uDC80';
    private static final char ESCAPE_LAST = '\uDCFF';

    private FileNames() {
    }

    /**
     * Decodes bytes, escaping what is not valid UTF-8.
     *
     * @param bytes the raw name
     * @return the name as a string
     */
    public static String decode(byte[] bytes) {
        boolean ascii = true;
        for (byte b : bytes) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isUnderflow()) {
                break;
            }
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    out.put((char) (0xDC00 | (in.get() & 0xFF)));
                }
            } else {
                throw new IllegalStateException(r.toString());
            }
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    /**
     * Encodes a name to the bytes the kernel sees: UTF-8, with escaped bytes restored.
     *
     * @param name the name
     * @return its bytes
     */
    public static byte[] encode(String name) {
        if (!hasEscapes(name)) {
            return name.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(name.length() + 8);
        int start = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isEscape(name, i)) {
                out.writeBytes(name.substring(start, i).getBytes(StandardCharsets.UTF_8));
                out.write(c & 0xFF);
                start = i + 1;
            }
        }
        out.writeBytes(name.substring(start).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * The length in bytes of the encoded name, e.g. to compare with {@code NAME_MAX} (255).
     *
     * @param name the name
     * @return {@code encode(name).length}
     */
    public static int byteLength(String name) {
        return encode(name).length;
    }

    private static boolean hasEscapes(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isEscape(s, i)) {
                return true;
            }
        }
        return false;
    }

    /** A low surrogate in the escape range that is not the second half of a surrogate pair. */
    private static boolean isEscape(String s, int i) {
        char c = s.charAt(i);
        return c >= ESCAPE_FIRST && c <= ESCAPE_LAST && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }
}
