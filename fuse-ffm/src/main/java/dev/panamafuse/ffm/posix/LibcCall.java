package dev.panamafuse.ffm.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.panamafuse.FileNames;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The frame every libc wrapper of panama-fuse is built on: linking a libc function with
 * {@code errno} capture, making one downcall, and turning a result of -1 into a
 * {@link LibcException} that names the call, its key argument and the errno.
 *
 * <p>It is public for code that adds a libc call of its own in the same style (the calls of
 * this package and panama-fuse's transport use it): link the function once with
 * {@link #downcall(String, FunctionDescriptor, Linker.Option...)} and {@link #CAPTURE_ERRNO},
 * then call it inside {@link #run} (temporaries in a confined arena) or {@link #direct} (no
 * temporaries, no native allocation). The captured errno lives in a call-state segment that
 * belongs to one call at a time, so concurrent calls never see each other's errno.
 *
 * <pre>{@code
 * MethodHandle SYNC = LibcCall.downcall("syncfs",
 *         FunctionDescriptor.of(JAVA_INT, JAVA_INT), LibcCall.CAPTURE_ERRNO);
 * LibcCall.direct("syncfs", fd, cs -> (int) SYNC.invokeExact(cs, fd));
 * }</pre>
 *
 * <p>Supported on 64-bit Linux (x86_64, aarch64). Native access must be enabled:
 * {@code --enable-native-access=dev.panamafuse.ffm} on the module path,
 * {@code --enable-native-access=ALL-UNNAMED} on the class path.
 */
public final class LibcCall {

    /** One downcall that gets the call-state segment (its first argument) and an arena for temporaries. */
    @FunctionalInterface
    public interface Body {
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

    /** One downcall that needs no temporaries: it gets only the call-state segment. */
    @FunctionalInterface
    public interface Direct {
        /**
         * Makes the downcall.
         *
         * @param callState the errno capture segment, the first argument of the handle
         * @return the C result, widened to long
         * @throws Throwable what {@code invokeExact} throws
         */
        long invoke(MemorySegment callState) throws Throwable;
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CALL_STATE.byteOffset(PathElement.groupElement("errno"));

    /** The linker option that captures {@code errno} into the call-state segment passed first. */
    public static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    static {
        if (ADDRESS.byteSize() != 8) {
            throw new UnsupportedOperationException(
                    "panama-fuse supports 64-bit Linux only; pointers here are " + ADDRESS.byteSize() + " bytes");
        }
    }

    /** An empty C string, for the {@code AT_EMPTY_PATH} calls on a descriptor. */
    static final MemorySegment EMPTY = Arena.global().allocate(1);

    /** Each thread's errno capture segment for {@link #direct(String, int, Direct)}: reused, never freed early. */
    private static final ThreadLocal<MemorySegment> CALL_STATES =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private static final MethodHandle STRERROR = downcall("strerror", FunctionDescriptor.of(cStringLayout(), JAVA_INT));

    private LibcCall() {
    }

    /**
     * Links a libc function; a missing native-access flag is reported with the flag to add.
     *
     * @param name       the C function's name
     * @param descriptor its signature
     * @param options    linker options, e.g. {@link #CAPTURE_ERRNO}
     * @return the downcall handle (with {@link #CAPTURE_ERRNO}, its first argument is the call state)
     * @throws UnsatisfiedLinkError when libc has no such symbol
     * @throws IllegalCallerException when native access is not enabled for this module
     */
    @SuppressWarnings("restricted")
    public static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol '" + name + "'"));
        try {
            return LINKER.downcallHandle(symbol, descriptor, options);
        } catch (IllegalCallerException e) {
            throw new IllegalCallerException(nativeAccessMessage(), e);
        }
    }

    /** A pointer to a NUL-terminated string of unknown length, readable with getString(0). */
    @SuppressWarnings("restricted")
    private static AddressLayout cStringLayout() {
        try {
            return ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, JAVA_BYTE));
        } catch (IllegalCallerException e) {
            throw new IllegalCallerException(nativeAccessMessage(), e);
        }
    }

    private static String nativeAccessMessage() {
        Module module = LibcCall.class.getModule();
        String flag = module.isNamed()
                ? "--enable-native-access=" + module.getName()
                : "--enable-native-access=ALL-UNNAMED";
        return "panama-fuse calls libc through java.lang.foreign and needs native access: add " + flag
                + " to the java command line (--enable-native-access=dev.panamafuse.ffm on the module path,"
                + " --enable-native-access=ALL-UNNAMED on the class path)";
    }

    /**
     * Allocates a segment the linker can capture {@code errno} into, for calls that take one
     * from the caller. Use one per thread.
     *
     * @param arena the arena to allocate in
     * @return a new call-state segment
     */
    public static MemorySegment allocateCallState(Arena arena) {
        return Objects.requireNonNull(arena, "arena").allocate(CALL_STATE);
    }

    /**
     * The errno captured in a call-state segment by the last call that used it.
     *
     * @param callState a segment from {@link #allocateCallState(Arena)}
     * @return the errno value
     * @throws IllegalArgumentException when the segment is too small or not native
     */
    public static int errno(MemorySegment callState) {
        checkCallState(callState);
        return callState.get(JAVA_INT, ERRNO_OFFSET);
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
    public static long run(String call, Supplier<String> argument, Body body) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            return check(call, argument, invoke(body, cs, arena), cs);
        }
    }

    /**
     * Runs a call without temporaries on the calling thread's own call-state segment (no arena,
     * no native allocation), failing with the captured errno when it returns -1.
     *
     * @param call the C function's name, for the message
     * @param fd   the descriptor it works on, for the message
     * @param body the downcall
     * @return the non-negative result
     * @throws LibcException if the call returned -1
     */
    public static long direct(String call, int fd, Direct body) throws LibcException {
        return direct(call, fd, CALL_STATES.get(), body);
    }

    /**
     * Runs a call without temporaries on the caller's call-state segment, failing with the
     * captured errno when it returns -1.
     *
     * @param call      the C function's name, for the message
     * @param fd        the descriptor it works on, for the message
     * @param callState a segment from {@link #allocateCallState(Arena)}, not used concurrently
     * @param body      the downcall
     * @return the non-negative result
     * @throws LibcException if the call returned -1
     */
    public static long direct(String call, int fd, MemorySegment callState, Direct body) throws LibcException {
        long r = invokeDirect(body, callState);
        if (r == -1) {
            throw failure(call, fd, callState);
        }
        return r;
    }

    /*
     * The failures are built out of line, so that the callers stay small enough for the JIT to
     * inline them and drop the lambda of the call (no allocation per call).
     */

    private static LibcException failure(String call, int fd, MemorySegment callState) {
        return new LibcException(call, Integer.toString(fd), errnoAt(callState));
    }

    private static LibcException failure(String call, int dirfd, MemorySegment path, MemorySegment callState) {
        return new LibcException(call, at(dirfd, path.getString(0)), errnoAt(callState));
    }

    /**
     * The calling thread's own call-state segment, for a call made without a lambda (the
     * encoded-path forms, whose callers count allocations): pass it first to the handle, then
     * check the result with {@link #checkAt}.
     */
    static MemorySegment threadCallState() {
        return CALL_STATES.get();
    }

    /**
     * The result of a call that named a file by an encoded C path, or its failure with the errno
     * in {@code callState}.
     *
     * @param call      the C function's name, for the message
     * @param dirfd     the directory descriptor, for the message
     * @param path      the NUL-terminated path passed to the call, for the message
     * @param r         what the call returned
     * @param callState the segment the call captured errno into
     * @return {@code r} when it is not -1
     * @throws LibcException if the call returned -1
     */
    static long checkAt(String call, int dirfd, MemorySegment path, long r, MemorySegment callState)
            throws LibcException {
        if (r == -1) {
            throw failure(call, dirfd, path, callState);
        }
        return r;
    }

    /**
     * What to throw for a throwable out of {@code invokeExact} around a {@link #checkAt}: its
     * {@link LibcException} as it is, else as {@link #unexpected}.
     *
     * @param t what the call threw
     * @return the exception to throw
     */
    static LibcException rethrow(Throwable t) {
        if (t instanceof LibcException e) {
            return e;
        }
        throw unexpected(t);
    }

    private static long invoke(Body body, MemorySegment cs, Arena arena) {
        try {
            return body.invoke(cs, arena);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static long invokeDirect(Direct body, MemorySegment cs) {
        try {
            return body.invoke(cs);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static long check(String call, Supplier<String> argument, long r, MemorySegment cs) throws LibcException {
        if (r == -1) {
            throw new LibcException(call, argument.get(), errnoAt(cs));
        }
        return r;
    }

    /**
     * {@code strerror(errno)}: libc's text for an errno value, e.g. "No such file or directory".
     *
     * @param errno any int
     * @return the text, "Unknown error N" for values libc does not know
     */
    public static String strerror(int errno) {
        MemorySegment s;
        try {
            s = (MemorySegment) STRERROR.invokeExact(errno);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return s.equals(MemorySegment.NULL) ? "Unknown error " + errno : s.getString(0);
    }

    /**
     * A NUL-terminated copy of a path or name in {@code arena}, encoded as the kernel sees it
     * ({@link FileNames#encode}: UTF-8, escaped bytes of non-UTF-8 names restored).
     *
     * @param arena where to allocate
     * @param s     the string, without NUL characters
     * @return the C string
     * @throws IllegalArgumentException when {@code s} contains a NUL character
     */
    public static MemorySegment cString(Arena arena, String s) {
        Objects.requireNonNull(s, "path");
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a path or name contains a NUL character: " + quote(s));
        }
        byte[] bytes = FileNames.encode(s);
        MemorySegment c = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, c, JAVA_BYTE, 0, bytes.length);
        return c;
    }

    /**
     * Checks that {@code buf} is a native segment, and writable when the call fills it.
     *
     * @param buf      the segment
     * @param writable whether the call writes into it
     * @param what     its name, for the message
     * @throws IllegalArgumentException when it is not
     */
    public static void checkNative(MemorySegment buf, boolean writable, String what) {
        Objects.requireNonNull(buf, what);
        if (!buf.isNative()) {
            throw new IllegalArgumentException(what + " must be a native segment");
        }
        if (writable && buf.isReadOnly()) {
            throw new IllegalArgumentException(what + " is read-only");
        }
    }

    /**
     * Checks that {@code callState} can take a captured errno.
     *
     * @param callState a segment from {@link #allocateCallState(Arena)}
     * @throws IllegalArgumentException when it is too small, read-only or not native
     */
    public static void checkCallState(MemorySegment callState) {
        Objects.requireNonNull(callState, "callState");
        if (!callState.isNative() || callState.isReadOnly() || callState.byteSize() < CALL_STATE.byteSize()) {
            throw new IllegalArgumentException(
                    "callState must be a writable native segment from allocateCallState(Arena)");
        }
    }

    private static int errnoAt(MemorySegment callState) {
        return callState.get(JAVA_INT, ERRNO_OFFSET);
    }

    /**
     * What to throw for a throwable out of {@code invokeExact}: runtime exceptions (a closed
     * arena, a segment of another thread) and errors go through unchanged; anything else cannot
     * happen.
     *
     * @param t what {@code invokeExact} threw
     * @return the error to throw (a runtime exception is thrown from here)
     */
    public static Error unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            return e;
        }
        return new AssertionError("unexpected exception from a libc downcall", t);
    }

    /** A descriptor and a path, as the message of a failed *at call shows them. */
    static String at(int dirfd, String path) {
        return dirfd + ", " + quote(path);
    }

    /** A string between double quotes, as messages show paths. */
    static String quote(String s) {
        return '"' + s + '"';
    }
}
