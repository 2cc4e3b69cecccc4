package dev.panamafuse.ffm.internal;

import static dev.panamafuse.ffm.posix.LibcCall.CAPTURE_ERRNO;
import static dev.panamafuse.ffm.posix.LibcCall.checkNative;
import static dev.panamafuse.ffm.posix.LibcCall.downcall;
import static dev.panamafuse.ffm.posix.LibcCall.run;
import static dev.panamafuse.ffm.posix.LibcCall.unexpected;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.panamafuse.ffm.posix.LibcCall;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.OpenFlags;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.Objects;

/**
 * The transport's own libc calls: opening {@code /dev/fuse}, {@code read}/{@code writev} of
 * frames, {@code ioctl}, {@code poll}, pipes and {@code fcntl} on the close-on-exec flag ({@link LibcMount} has
 * {@code mount}/{@code umount2}). Built on the frame of {@link LibcCall} (errno captured per call, -1 turned into a
 * {@link LibcException} naming the call); the file calls a filesystem may use live in the
 * public {@code dev.panamafuse.ffm.posix} package.
 *
 * <p>The hot-path calls ({@link #read(int, MemorySegment, MemorySegment)},
 * {@link #write(int, MemorySegment, MemorySegment)},
 * {@link #writev(int, MemorySegment, int, MemorySegment)}) take the call-state segment from the
 * caller, who allocates it once with {@link LibcCall#allocateCallState} and must not share it
 * between threads that call at the same time; they allocate nothing. No wrapper retries on
 * {@code EINTR}.
 */
public final class Libc {

    // ---- poll(2) events ------------------------------------------------------------------------

    /** There is data to read. */
    public static final int POLLIN = 0x001;

    // ---- fcntl(2) on descriptor flags ------------------------------------------------------------

    private static final int F_GETFD = 1;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int FD_CLOEXEC = 1;

    // ---- struct layouts ------------------------------------------------------------------------

    /** {@code struct iovec { void *iov_base; size_t iov_len; }} (16 bytes). */
    public static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"),
            JAVA_LONG.withName("iov_len")).withName("iovec");

    /** {@code struct pollfd { int fd; short events; short revents; }} (8 bytes). */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents")).withName("pollfd");

    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READ = downcall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle WRITE = downcall("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle WRITEV = downcall("writev",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle IOCTL = downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle FCNTL = downcall("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle PIPE2 = downcall("pipe2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle POLL = downcall("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);

    private Libc() {
    }

    // ---- descriptors ---------------------------------------------------------------------------

    /**
     * {@code open(path, flags, 0)}.
     *
     * @param path  the path, not null, without NUL characters
     * @param flags {@code O_*} flags
     * @return the new file descriptor
     * @throws LibcException if the call fails
     */
    public static int open(String path, int flags) throws LibcException {
        return open(path, flags, 0);
    }

    /**
     * {@code open(path, flags, mode)}.
     *
     * @param path  the path, not null, without NUL characters
     * @param flags {@code O_*} flags
     * @param mode  the permission bits when the call creates a file
     * @return the new file descriptor
     * @throws LibcException if the call fails
     */
    public static int open(String path, int flags, int mode) throws LibcException {
        checkString(path, "path");
        return (int) run("open", () -> quote(path),
                (cs, a) -> (int) OPEN.invokeExact(cs, a.allocateFrom(path), flags, mode));
    }

    /**
     * {@code pipe2(fds, flags)}.
     *
     * @param flags {@link OpenFlags#O_CLOEXEC}, {@link OpenFlags#O_NONBLOCK} or 0
     * @return the read end at index 0 and the write end at index 1
     * @throws LibcException if the call fails
     */
    public static int[] pipe2(int flags) throws LibcException {
        int[] fds = new int[2];
        run("pipe2", () -> "", (cs, a) -> {
            MemorySegment pair = a.allocate(JAVA_INT, 2);
            int r = (int) PIPE2.invokeExact(cs, pair, flags);
            fds[0] = pair.getAtIndex(JAVA_INT, 0);
            fds[1] = pair.getAtIndex(JAVA_INT, 1);
            return r;
        });
        return fds;
    }

    /**
     * A pipe whose ends close on exec: {@code pipe2(fds, O_CLOEXEC)}.
     *
     * @return the read end at index 0 and the write end at index 1
     * @throws LibcException if the call fails
     */
    public static int[] pipe() throws LibcException {
        return pipe2(OpenFlags.O_CLOEXEC);
    }

    /**
     * {@code fcntl(fd, F_DUPFD_CLOEXEC, 0)}: a second descriptor of the open file of {@code fd},
     * the lowest free number, that closes on exec (set in the same call, so a process spawned
     * meanwhile never inherits it).
     *
     * @param fd the descriptor
     * @return the new descriptor, the caller's to close
     * @throws LibcException if the call fails ({@code EBADF}, {@code EMFILE})
     */
    public static int dupCloseOnExec(int fd) throws LibcException {
        return (int) run("fcntl", () -> fd + ", " + F_DUPFD_CLOEXEC,
                (cs, a) -> (int) FCNTL.invokeExact(cs, fd, F_DUPFD_CLOEXEC, 0));
    }

    /**
     * Whether {@code fd} closes on exec: {@code fcntl(fd, F_GETFD) & FD_CLOEXEC}.
     *
     * @param fd the descriptor
     * @return true if {@code FD_CLOEXEC} is set
     * @throws LibcException if the call fails ({@code EBADF})
     */
    public static boolean closesOnExec(int fd) throws LibcException {
        long flags = run("fcntl", () -> fd + ", " + F_GETFD, (cs, a) -> (int) FCNTL.invokeExact(cs, fd, F_GETFD, 0));
        return (flags & FD_CLOEXEC) != 0;
    }

    // ---- I/O -----------------------------------------------------------------------------------

    /**
     * {@code read(fd, buf, buf.byteSize())} without allocating: errno is captured into
     * {@code callState}.
     *
     * @param fd        the descriptor
     * @param buf       a writable native segment; up to its size is read (Linux caps a single
     *                  read at 0x7ffff000 bytes)
     * @param callState a segment from {@link LibcCall#allocateCallState}, not used concurrently
     * @return the number of bytes read, 0 at end of file
     * @throws LibcException if the call fails
     */
    public static int read(int fd, MemorySegment buf, MemorySegment callState) throws LibcException {
        return (int) transfer(READ, "read", fd, buf, true, callState);
    }

    /**
     * {@code read(fd, buf, buf.byteSize())}, capturing errno into a segment of the thread's own.
     *
     * @param fd  the descriptor
     * @param buf a writable native segment
     * @return the number of bytes read, 0 at end of file
     * @throws LibcException if the call fails
     */
    public static int read(int fd, MemorySegment buf) throws LibcException {
        checkNative(buf, true, "buf");
        return (int) LibcCall.direct("read", fd, cs -> (long) READ.invokeExact(cs, fd, buf, buf.byteSize()));
    }

    /**
     * {@code write(fd, buf, buf.byteSize())} without allocating: errno is captured into
     * {@code callState}.
     *
     * @param fd        the descriptor
     * @param buf       a native segment whose whole content is written
     * @param callState a segment from {@link LibcCall#allocateCallState}, not used concurrently
     * @return the number of bytes written
     * @throws LibcException if the call fails
     */
    public static long write(int fd, MemorySegment buf, MemorySegment callState) throws LibcException {
        return transfer(WRITE, "write", fd, buf, false, callState);
    }

    /**
     * {@code read} or {@code write} of a whole native segment with errno captured into
     * {@code callState}; inlined into both, where {@code call} is a constant.
     */
    private static long transfer(MethodHandle call, String name, int fd, MemorySegment buf, boolean writable,
                                 MemorySegment callState) throws LibcException {
        checkNative(buf, writable, "buf");
        LibcCall.checkCallState(callState);
        long n;
        try {
            n = (long) call.invokeExact(callState, fd, buf, buf.byteSize());
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return result(name, fd, n, callState);
    }

    /**
     * {@code write(fd, buf, buf.byteSize())}, capturing errno into a segment of the thread's own.
     *
     * @param fd  the descriptor
     * @param buf a native segment whose whole content is written
     * @return the number of bytes written
     * @throws LibcException if the call fails
     */
    public static long write(int fd, MemorySegment buf) throws LibcException {
        checkNative(buf, false, "buf");
        return LibcCall.direct("write", fd, cs -> (long) WRITE.invokeExact(cs, fd, buf, buf.byteSize()));
    }

    /**
     * {@code writev(fd, iov, iovcnt)} without allocating: errno is captured into
     * {@code callState}.
     *
     * @param fd        the descriptor
     * @param iov       a native array of at least {@code iovcnt} {@link #IOVEC} structs
     * @param iovcnt    the number of structs to use, not negative
     * @param callState a segment from {@link LibcCall#allocateCallState}, not used concurrently
     * @return the number of bytes written
     * @throws LibcException if the call fails
     */
    public static long writev(int fd, MemorySegment iov, int iovcnt, MemorySegment callState)
            throws LibcException {
        checkArray(iov, iovcnt, IOVEC, "iov");
        LibcCall.checkCallState(callState);
        long n;
        try {
            n = (long) WRITEV.invokeExact(callState, fd, iov, iovcnt);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return result("writev", fd, n, callState);
    }

    /**
     * {@code writev(fd, iov, iovcnt)}, capturing errno into a segment of the thread's own.
     *
     * @param fd     the descriptor
     * @param iov    a native array of at least {@code iovcnt} {@link #IOVEC} structs
     * @param iovcnt the number of structs to use, not negative
     * @return the number of bytes written
     * @throws LibcException if the call fails
     */
    public static long writev(int fd, MemorySegment iov, int iovcnt) throws LibcException {
        checkArray(iov, iovcnt, IOVEC, "iov");
        return LibcCall.direct("writev", fd, cs -> (long) WRITEV.invokeExact(cs, fd, iov, iovcnt));
    }

    /**
     * {@code ioctl(fd, request, arg)} with a pointer argument.
     *
     * @param fd      the descriptor
     * @param request the request code
     * @param arg     a native segment (or {@link MemorySegment#NULL}) passed as the pointer
     * @return the call's non-negative result
     * @throws LibcException if the call fails
     */
    public static int ioctl(int fd, long request, MemorySegment arg) throws LibcException {
        Objects.requireNonNull(arg, "arg");
        if (!arg.isNative()) {
            throw new IllegalArgumentException("arg must be a native segment");
        }
        return (int) run("ioctl", () -> fd + ", 0x" + Long.toHexString(request),
                (cs, a) -> (int) IOCTL.invokeExact(cs, fd, request, arg));
    }

    /**
     * {@code poll(fds, nfds, timeout)}.
     *
     * @param fds       a native array of at least {@code nfds} {@link #POLLFD} structs
     * @param nfds      the number of structs to use, not negative
     * @param timeoutMs the timeout in milliseconds; negative waits forever, 0 returns at once
     * @return the number of structs with a non-zero {@code revents}, 0 on timeout
     * @throws LibcException if the call fails (e.g. {@code EINTR})
     */
    public static int poll(MemorySegment fds, int nfds, int timeoutMs) throws LibcException {
        checkArray(fds, nfds, POLLFD, "fds");
        return (int) run("poll", () -> Integer.toString(nfds),
                (cs, a) -> (int) POLL.invokeExact(cs, fds, (long) nfds, timeoutMs));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** The result of a hot-path call, or its failure with the errno in {@code callState}. */
    private static long result(String call, int fd, long n, MemorySegment callState) throws LibcException {
        if (n == -1) {
            throw new LibcException(call, Integer.toString(fd), LibcCall.errno(callState));
        }
        return n;
    }

    /**
     * Checks that a string can be passed as a C string.
     *
     * @param s    the string
     * @param what its name, for the message
     */
    static void checkString(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL character: " + quote(s));
        }
    }

    private static void checkArray(MemorySegment array, int count, MemoryLayout element, String what) {
        Objects.requireNonNull(array, what);
        if (count < 0) {
            throw new IllegalArgumentException("negative " + what + " count: " + count);
        }
        if (!array.isNative()) {
            throw new IllegalArgumentException(what + " must be a native segment");
        }
        if (array.byteSize() < count * element.byteSize()) {
            throw new IllegalArgumentException(what + " holds " + array.byteSize() / element.byteSize()
                    + " " + element.name().orElse("element") + " structs, fewer than " + count);
        }
    }

    /** A string between double quotes, as messages show paths. */
    static String quote(String s) {
        return '"' + s + '"';
    }
}
