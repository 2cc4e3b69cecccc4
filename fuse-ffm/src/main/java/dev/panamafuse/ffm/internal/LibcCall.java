package dev.panamafuse.ffm.internal;

import static dev.panamafuse.ffm.internal.Libc.CALL_STATE;
import static dev.panamafuse.ffm.internal.Libc.errnoAt;
import static dev.panamafuse.ffm.internal.Libc.unexpected;

import dev.panamafuse.FileNames;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The frame shared by the wrappers of {@link LibcAt}, {@link LibcFiles} and {@link LibcXattr}:
 * a confined arena for the call's temporaries and its errno capture, one downcall, and a result
 * of -1 turned into a {@link LibcException}.
 */
final class LibcCall {

    /** One downcall: gets the call-state segment to pass first and an arena for temporaries. */
    @FunctionalInterface
    interface Body {
        /**
         * Makes the downcall.
         *
         * @param callState the errno capture segment, the first argument of the handle
         * @param arena     a confined arena, closed after the call
         * @return the C result, widened to long
         * @throws Throwable what {@code invokeExact} throws
         */
        long invoke(MemorySegment callState, Arena arena) throws Throwable;
    }

    private LibcCall() {
    }

    /**
     * Runs {@code body} and fails with the captured errno when it returns -1.
     *
     * @param call     the C function's name, for the message
     * @param argument its key argument, for the message
     * @param body     the downcall
     * @return the non-negative result
     * @throws LibcException if the call returned -1
     */
    static long run(String call, String argument, Body body) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            long r;
            try {
                r = body.invoke(cs, arena);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r == -1) {
                throw new LibcException(call, argument, errnoAt(cs));
            }
            return r;
        }
    }

    /**
     * A NUL-terminated copy of a path or name in {@code arena}, encoded as the kernel sees it
     * ({@link FileNames#encode}: UTF-8, escaped bytes restored).
     *
     * @param arena where to allocate
     * @param s     the string, without NUL characters
     * @return the C string
     */
    static MemorySegment cString(Arena arena, String s) {
        Objects.requireNonNull(s, "path");
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a path or name contains a NUL character: " + quote(s));
        }
        byte[] bytes = FileNames.encode(s);
        MemorySegment c = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, c, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
        return c;
    }

    /** Checks that {@code buf} is a native segment (and writable when the call fills it). */
    static void checkNative(MemorySegment buf, boolean writable, String what) {
        Objects.requireNonNull(buf, what);
        if (!buf.isNative()) {
            throw new IllegalArgumentException(what + " must be a native segment");
        }
        if (writable && buf.isReadOnly()) {
            throw new IllegalArgumentException(what + " is read-only");
        }
    }

    /** A descriptor and a path, as the message of a failed *at call shows them. */
    static String at(int dirfd, String path) {
        return dirfd + ", " + quote(path);
    }

    static String quote(String s) {
        return '"' + s + '"';
    }
}
