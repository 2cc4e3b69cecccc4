package dev.panamafuse.ffm.internal;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Objects;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The libc functions panama-fuse calls, as downcalls through {@code java.lang.foreign}, for
 * Linux on x86_64 and aarch64 (LP64: {@code long} and {@code size_t} are 64 bits).
 *
 * <p>Each wrapper is named after its C function, checks its arguments in Java, makes one
 * downcall and turns a result of -1 into a {@link LibcException} carrying the {@code errno} the
 * call set. The {@code errno} is captured by the linker ({@code captureCallState("errno")}) into
 * a segment that belongs to the call, so concurrent calls never see each other's errno. Most
 * wrappers allocate that segment in a confined arena of their own; the hot-path calls
 * ({@link #read(int, MemorySegment, MemorySegment)}, {@link #write(int, MemorySegment, MemorySegment)},
 * {@link #writev(int, MemorySegment, int, MemorySegment)}) take it from the caller, who
 * allocates it once with {@link #allocateCallState(Arena)} and must not share it between threads
 * that call at the same time.
 *
 * <p>No wrapper retries on {@code EINTR}; the caller sees it as a {@link LibcException}.
 *
 * <p>Native access must be enabled: {@code --enable-native-access=dev.panamafuse.ffm} on the
 * module path, {@code --enable-native-access=ALL-UNNAMED} on the class path.
 */
public final class Libc {

    // ---- open(2) flags -------------------------------------------------------------------------

    /** Open for reading only. */
    public static final int O_RDONLY = 0;
    /** Open for writing only. */
    public static final int O_WRONLY = 1;
    /** Open for reading and writing. */
    public static final int O_RDWR = 2;
    /** Non-blocking I/O (04000). */
    public static final int O_NONBLOCK = 0x800;
    /** Close the descriptor on exec (02000000). */
    public static final int O_CLOEXEC = 0x80000;

    // ---- mount(2) flags ------------------------------------------------------------------------

    /** Mount read-only. */
    public static final int MS_RDONLY = 1;
    /** Ignore set-user-ID and set-group-ID bits. */
    public static final int MS_NOSUID = 2;
    /** Disallow access to device special files. */
    public static final int MS_NODEV = 4;
    /** Disallow program execution. */
    public static final int MS_NOEXEC = 8;
    /** Writes are synced at once. */
    public static final int MS_SYNCHRONOUS = 16;
    /** Directory modifications are synchronous. */
    public static final int MS_DIRSYNC = 128;
    /** Do not update access times. */
    public static final int MS_NOATIME = 1024;
    /** Do not update directory access times. */
    public static final int MS_NODIRATIME = 2048;
    /** Update atime relative to mtime/ctime. */
    public static final int MS_RELATIME = 1 << 21;
    /** Update the on-disk [acm]times lazily. */
    public static final int MS_LAZYTIME = 1 << 25;

    // ---- umount2(2) flags ----------------------------------------------------------------------

    /** Force the unmount even if busy. */
    public static final int MNT_FORCE = 1;
    /** Lazy unmount: detach now, clean up when no longer busy. */
    public static final int MNT_DETACH = 2;
    /** Mark for expiry. */
    public static final int MNT_EXPIRE = 4;
    /** Do not follow a symbolic link in the target. */
    public static final int UMOUNT_NOFOLLOW = 8;

    // ---- poll(2) events ------------------------------------------------------------------------

    /** There is data to read. */
    public static final int POLLIN = 0x001;
    /** Urgent data to read. */
    public static final int POLLPRI = 0x002;
    /** Writing is possible. */
    public static final int POLLOUT = 0x004;
    /** Error condition (revents only). */
    public static final int POLLERR = 0x008;
    /** Hung up (revents only). */
    public static final int POLLHUP = 0x010;
    /** Invalid descriptor (revents only). */
    public static final int POLLNVAL = 0x020;

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

    // ---- linking -------------------------------------------------------------------------------

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    /** The layout of the errno capture segment; shared with the other libc classes of this package. */
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CALL_STATE.byteOffset(PathElement.groupElement("errno"));
    /** The linker option that captures errno into the call-state segment. */
    static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    static {
        if (ADDRESS.byteSize() != 8) {
            throw new UnsupportedOperationException(
                    "panama-fuse supports 64-bit Linux only; pointers here are " + ADDRESS.byteSize() + " bytes");
        }
    }

    private static final MethodHandle open$mh = downcall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle close$mh = downcall("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle read$mh = downcall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle write$mh = downcall("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle writev$mh = downcall("writev",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle ioctl$mh = downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle mount$mh = downcall("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle umount2$mh = downcall("umount2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle getuid$mh = downcall("getuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle geteuid$mh = downcall("geteuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle getgid$mh = downcall("getgid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle getegid$mh = downcall("getegid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle getpid$mh = downcall("getpid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle pipe2$mh = downcall("pipe2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle dup$mh = downcall("dup",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle poll$mh = downcall("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle strerror$mh = downcall("strerror",
            FunctionDescriptor.of(cString(), JAVA_INT));

    private Libc() {
    }

    /** Links a libc function; a missing native-access flag is reported with the flag to add. */
    @SuppressWarnings("restricted")
    static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LIBC.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol '" + name + "'"));
        try {
            return LINKER.downcallHandle(symbol, descriptor, options);
        } catch (IllegalCallerException e) {
            throw new IllegalCallerException(nativeAccessMessage(), e);
        }
    }

    /** A pointer to a NUL-terminated string of unknown length, readable with getString(0). */
    @SuppressWarnings("restricted")
    private static AddressLayout cString() {
        try {
            return ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, JAVA_BYTE));
        } catch (IllegalCallerException e) {
            throw new IllegalCallerException(nativeAccessMessage(), e);
        }
    }

    private static String nativeAccessMessage() {
        Module module = Libc.class.getModule();
        String flag = module.isNamed()
                ? "--enable-native-access=" + module.getName()
                : "--enable-native-access=ALL-UNNAMED";
        return "panama-fuse calls libc through java.lang.foreign and needs native access: add " + flag
                + " to the java command line (--enable-native-access=dev.panamafuse.ffm on the module path,"
                + " --enable-native-access=ALL-UNNAMED on the class path)";
    }

    // ---- errno capture -------------------------------------------------------------------------

    /**
     * Allocates a segment the linker can capture {@code errno} into, for the hot-path calls that
     * take one. Use one per thread.
     *
     * @param arena the arena to allocate in
     * @return a new capture segment
     */
    public static MemorySegment allocateCallState(Arena arena) {
        return Objects.requireNonNull(arena, "arena").allocate(CALL_STATE);
    }

    /**
     * The errno captured in a call-state segment by the last call that used it.
     *
     * @param callState a segment from {@link #allocateCallState(Arena)}
     * @return the errno value
     */
    public static int errno(MemorySegment callState) {
        checkCallState(callState);
        return callState.get(JAVA_INT, ERRNO_OFFSET);
    }

    // ---- files ---------------------------------------------------------------------------------

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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            MemorySegment cPath = arena.allocateFrom(path);
            int fd;
            try {
                fd = (int) open$mh.invokeExact(cs, cPath, flags, mode);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (fd == -1) {
                throw new LibcException("open", quote(path), errnoAt(cs));
            }
            return fd;
        }
    }

    /**
     * {@code close(fd)}. Per Linux semantics the descriptor is released even when this throws
     * with {@code EINTR}; do not retry.
     *
     * @param fd the descriptor
     * @throws LibcException if the call fails
     */
    public static void close(int fd) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            int r;
            try {
                r = (int) close$mh.invokeExact(cs, fd);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r == -1) {
                throw new LibcException("close", Integer.toString(fd), errnoAt(cs));
            }
        }
    }

    /**
     * {@code dup(fd)}.
     *
     * @param fd the descriptor to duplicate
     * @return the new descriptor
     * @throws LibcException if the call fails
     */
    public static int dup(int fd) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            int r;
            try {
                r = (int) dup$mh.invokeExact(cs, fd);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r == -1) {
                throw new LibcException("dup", Integer.toString(fd), errnoAt(cs));
            }
            return r;
        }
    }

    /**
     * {@code pipe2(fds, flags)}.
     *
     * @param flags {@link #O_CLOEXEC}, {@link #O_NONBLOCK} or 0
     * @return the read end at index 0 and the write end at index 1
     * @throws LibcException if the call fails
     */
    public static int[] pipe2(int flags) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            int r;
            try {
                r = (int) pipe2$mh.invokeExact(cs, fds, flags);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r == -1) {
                throw new LibcException("pipe2", "", errnoAt(cs));
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        }
    }

    /**
     * A pipe whose ends close on exec: {@code pipe2(fds, O_CLOEXEC)}.
     *
     * @return the read end at index 0 and the write end at index 1
     * @throws LibcException if the call fails
     */
    public static int[] pipe() throws LibcException {
        return pipe2(O_CLOEXEC);
    }

    // ---- I/O -----------------------------------------------------------------------------------

    /**
     * {@code read(fd, buf, buf.byteSize())} without allocating: errno is captured into
     * {@code callState}.
     *
     * @param fd        the descriptor
     * @param buf       a writable native segment; up to its size is read (Linux caps a single
     *                  read at 0x7ffff000 bytes)
     * @param callState a segment from {@link #allocateCallState(Arena)}, not used concurrently
     * @return the number of bytes read, 0 at end of file
     * @throws LibcException if the call fails
     */
    public static int read(int fd, MemorySegment buf, MemorySegment callState) throws LibcException {
        checkBuffer(buf, true);
        checkCallState(callState);
        long n;
        try {
            n = (long) read$mh.invokeExact(callState, fd, buf, buf.byteSize());
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (n == -1) {
            throw new LibcException("read", Integer.toString(fd), errnoAt(callState));
        }
        return (int) n;
    }

    /**
     * {@code read(fd, buf, buf.byteSize())}, capturing errno into a segment of its own.
     *
     * @param fd  the descriptor
     * @param buf a writable native segment
     * @return the number of bytes read, 0 at end of file
     * @throws LibcException if the call fails
     */
    public static int read(int fd, MemorySegment buf) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            return read(fd, buf, arena.allocate(CALL_STATE));
        }
    }

    /**
     * {@code write(fd, buf, buf.byteSize())} without allocating: errno is captured into
     * {@code callState}.
     *
     * @param fd        the descriptor
     * @param buf       a native segment whose whole content is written
     * @param callState a segment from {@link #allocateCallState(Arena)}, not used concurrently
     * @return the number of bytes written
     * @throws LibcException if the call fails
     */
    public static long write(int fd, MemorySegment buf, MemorySegment callState) throws LibcException {
        checkBuffer(buf, false);
        checkCallState(callState);
        long n;
        try {
            n = (long) write$mh.invokeExact(callState, fd, buf, buf.byteSize());
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (n == -1) {
            throw new LibcException("write", Integer.toString(fd), errnoAt(callState));
        }
        return n;
    }

    /**
     * {@code write(fd, buf, buf.byteSize())}, capturing errno into a segment of its own.
     *
     * @param fd  the descriptor
     * @param buf a native segment whose whole content is written
     * @return the number of bytes written
     * @throws LibcException if the call fails
     */
    public static long write(int fd, MemorySegment buf) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            return write(fd, buf, arena.allocate(CALL_STATE));
        }
    }

    /**
     * {@code writev(fd, iov, iovcnt)} without allocating: errno is captured into
     * {@code callState}.
     *
     * @param fd        the descriptor
     * @param iov       a native array of at least {@code iovcnt} {@link #IOVEC} structs
     * @param iovcnt    the number of structs to use, not negative
     * @param callState a segment from {@link #allocateCallState(Arena)}, not used concurrently
     * @return the number of bytes written
     * @throws LibcException if the call fails
     */
    public static long writev(int fd, MemorySegment iov, int iovcnt, MemorySegment callState)
            throws LibcException {
        checkArray(iov, iovcnt, IOVEC, "iov");
        checkCallState(callState);
        long n;
        try {
            n = (long) writev$mh.invokeExact(callState, fd, iov, iovcnt);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (n == -1) {
            throw new LibcException("writev", Integer.toString(fd), errnoAt(callState));
        }
        return n;
    }

    /**
     * {@code writev(fd, iov, iovcnt)}, capturing errno into a segment of its own.
     *
     * @param fd     the descriptor
     * @param iov    a native array of at least {@code iovcnt} {@link #IOVEC} structs
     * @param iovcnt the number of structs to use, not negative
     * @return the number of bytes written
     * @throws LibcException if the call fails
     */
    public static long writev(int fd, MemorySegment iov, int iovcnt) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            return writev(fd, iov, iovcnt, arena.allocate(CALL_STATE));
        }
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            int r;
            try {
                r = (int) ioctl$mh.invokeExact(cs, fd, request, arg);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r == -1) {
                throw new LibcException("ioctl", fd + ", 0x" + Long.toHexString(request), errnoAt(cs));
            }
            return r;
        }
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            int r;
            try {
                r = (int) poll$mh.invokeExact(cs, fds, (long) nfds, timeoutMs);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r == -1) {
                throw new LibcException("poll", Integer.toString(nfds), errnoAt(cs));
            }
            return r;
        }
    }

    // ---- mounting ------------------------------------------------------------------------------

    /**
     * {@code mount(source, target, fstype, mountflags, data)}.
     *
     * @param source     the source, not null
     * @param target     the mount point, not null
     * @param fstype     the filesystem type, not null
     * @param mountflags {@code MS_*} flags
     * @param data       filesystem options, or null for none
     * @throws LibcException if the call fails
     */
    public static void mount(String source, String target, String fstype, long mountflags, String data)
            throws LibcException {
        checkString(source, "source");
        checkString(target, "target");
        checkString(fstype, "fstype");
        if (data != null) {
            checkString(data, "data");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            MemorySegment cSource = arena.allocateFrom(source);
            MemorySegment cTarget = arena.allocateFrom(target);
            MemorySegment cType = arena.allocateFrom(fstype);
            MemorySegment cData = data == null ? MemorySegment.NULL : arena.allocateFrom(data);
            int r;
            try {
                r = (int) mount$mh.invokeExact(cs, cSource, cTarget, cType, mountflags, cData);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r == -1) {
                throw new LibcException("mount",
                        quote(source) + ", " + quote(target) + ", " + quote(fstype), errnoAt(cs));
            }
        }
    }

    /**
     * {@code umount2(target, flags)}.
     *
     * @param target the mount point, not null
     * @param flags  {@link #MNT_FORCE}, {@link #MNT_DETACH}, {@link #MNT_EXPIRE},
     *               {@link #UMOUNT_NOFOLLOW} or 0
     * @throws LibcException if the call fails
     */
    public static void umount2(String target, int flags) throws LibcException {
        checkString(target, "target");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            MemorySegment cTarget = arena.allocateFrom(target);
            int r;
            try {
                r = (int) umount2$mh.invokeExact(cs, cTarget, flags);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r == -1) {
                throw new LibcException("umount2", quote(target), errnoAt(cs));
            }
        }
    }

    // ---- identity ------------------------------------------------------------------------------

    /** {@code getuid()}: the real user id (an unsigned value; {@code Integer.toUnsignedLong} it). */
    public static int getuid() {
        try {
            return (int) getuid$mh.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code geteuid()}: the effective user id. */
    public static int geteuid() {
        try {
            return (int) geteuid$mh.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code getgid()}: the real group id. */
    public static int getgid() {
        try {
            return (int) getgid$mh.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code getegid()}: the effective group id. */
    public static int getegid() {
        try {
            return (int) getegid$mh.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code getpid()}: the process id. */
    public static int getpid() {
        try {
            return (int) getpid$mh.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- errors --------------------------------------------------------------------------------

    /**
     * {@code strerror(errno)}: libc's text for an errno value, e.g. "No such file or directory".
     *
     * @param errno any int
     * @return the text, "Unknown error N" for values libc does not know
     */
    public static String strerror(int errno) {
        MemorySegment s;
        try {
            s = (MemorySegment) strerror$mh.invokeExact(errno);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return s.equals(MemorySegment.NULL) ? "Unknown error " + errno : s.getString(0);
    }

    // ---- helpers -------------------------------------------------------------------------------

    static int errnoAt(MemorySegment callState) {
        return callState.get(JAVA_INT, ERRNO_OFFSET);
    }

    /**
     * What to throw for a throwable out of invokeExact: runtime exceptions (a closed arena, a
     * segment of another thread) and errors go through unchanged; anything else cannot happen.
     */
    static Error unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            return e;
        }
        return new AssertionError("unexpected exception from a libc downcall", t);
    }

    private static void checkString(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL character: " + quote(s));
        }
    }

    private static void checkBuffer(MemorySegment buf, boolean writable) {
        Objects.requireNonNull(buf, "buf");
        if (!buf.isNative()) {
            throw new IllegalArgumentException("buf must be a native segment");
        }
        if (writable && buf.isReadOnly()) {
            throw new IllegalArgumentException("buf is read-only");
        }
    }

    private static void checkCallState(MemorySegment callState) {
        Objects.requireNonNull(callState, "callState");
        if (!callState.isNative() || callState.isReadOnly() || callState.byteSize() < CALL_STATE.byteSize()) {
            throw new IllegalArgumentException(
                    "callState must be a writable native segment from Libc.allocateCallState(Arena)");
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

    private static String quote(String s) {
        return '"' + s + '"';
    }
}
