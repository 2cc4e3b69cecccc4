package dev.panamafuse.ffm.internal;

import static dev.panamafuse.ffm.internal.Libc.CALL_STATE;
import static dev.panamafuse.ffm.internal.Libc.errnoAt;
import static dev.panamafuse.ffm.internal.Libc.unexpected;

import dev.panamafuse.FileNames;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.function.Supplier;

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

    /** One downcall that needs no temporaries: gets only the call-state segment. */
    @FunctionalInterface
    interface Direct {
        /**
         * Makes the downcall.
         *
         * @param callState the errno capture segment, the first argument of the handle
         * @return the C result, widened to long
         * @throws Throwable what {@code invokeExact} throws
         */
        long invoke(MemorySegment callState) throws Throwable;
    }

    /** An empty C string, for the {@code AT_EMPTY_PATH} calls on a descriptor. */
    static final MemorySegment EMPTY = Arena.global().allocate(1);

    /** Each thread's errno capture segment for {@link #direct}: reused, so a data-path call allocates nothing native. */
    private static final ThreadLocal<MemorySegment> CALL_STATES =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private LibcCall() {
    }

    /**
     * Runs {@code body} in a confined arena and fails with the captured errno when it returns -1.
     *
     * @param call     the C function's name, for the message
     * @param argument its key arguments, for the message (only built on failure)
     * @param body     the downcall
     * @return the non-negative result
     * @throws LibcException if the call returned -1
     */
    static long run(String call, Supplier<String> argument, Body body) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            long r;
            try {
                r = body.invoke(cs, arena);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r == -1) {
                throw new LibcException(call, argument.get(), errnoAt(cs));
            }
            return r;
        }
    }

    /**
     * Runs a call without temporaries on the calling thread's own errno capture segment (no arena,
     * no native allocation: the data-path calls {@code pread}, {@code pwrite}, {@code statx} of a
     * descriptor), failing with the captured errno when it returns -1.
     *
     * @param call     the C function's name, for the message
     * @param fd       the descriptor it works on, for the message
     * @param body     the downcall
     * @return the non-negative result
     * @throws LibcException if the call returned -1
     */
    static long direct(String call, int fd, Direct body) throws LibcException {
        MemorySegment cs = CALL_STATES.get();
        long r;
        try {
            r = body.invoke(cs);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r == -1) {
            throw new LibcException(call, Integer.toString(fd), errnoAt(cs));
        }
        return r;
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
