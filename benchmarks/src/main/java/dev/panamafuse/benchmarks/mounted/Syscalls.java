package dev.panamafuse.benchmarks.mounted;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The system calls the mounted benchmarks make, called straight through FFM so that the client
 * adds as little as possible to what it measures: no {@code java.nio} layers, no allocation per
 * call (paths and buffers are native segments the caller keeps). A failing call throws with the
 * errno and what was called.
 */
public final class Syscalls {
    /** {@code open(2)} flags and the {@code AT_FDCWD} directory. */
    public static final int O_RDONLY = 0;
    /** Write only. */
    public static final int O_WRONLY = 1;
    /** Create the file. */
    public static final int O_CREAT = 0x40;
    /** Fail if it exists. */
    public static final int O_EXCL = 0x80;
    /** Bypass the page cache. */
    public static final int O_DIRECT = 0x4000;
    /** Open a directory. */
    public static final int O_DIRECTORY = 0x10000;
    /** Close on exec. */
    public static final int O_CLOEXEC = 0x80000;
    /** The current directory, for the {@code *at} calls. */
    public static final int AT_FDCWD = -100;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle OPEN = downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PREAD = downcall("pread",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PWRITE = downcall("pwrite",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle FSTATAT = downcall("fstatat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle GETDENTS64 = downcall("getdents64",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle UNLINK = downcall("unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    /** The size of {@code struct stat} on x86-64, for {@link #fstatat}'s buffer. */
    public static final long STAT_SIZE = 144;

    private final MemorySegment callState;

    /**
     * Per-thread call state (errno capture) from {@code arena}.
     *
     * @param arena where the state lives
     */
    public Syscalls(Arena arena) {
        this.callState = arena.allocate(CALL_STATE);
    }

    private static MethodHandle downcall(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), d,
                Linker.Option.captureCallState("errno"));
    }

    private IllegalStateException failure(String call, MemorySegment path) {
        int errno = (int) ERRNO.get(callState, 0L);
        return new IllegalStateException(call + (path == null ? "" : " " + path.getString(0)) + " failed: errno " + errno);
    }

    /**
     * {@code open(path, flags, mode)}.
     *
     * @param path  a NUL-terminated path
     * @param flags open flags
     * @param mode  mode for a created file
     * @return the fd
     */
    public int open(MemorySegment path, int flags, int mode) {
        try {
            int fd = (int) OPEN.invokeExact(callState, path, flags | O_CLOEXEC, mode);
            if (fd < 0) {
                throw failure("open", path);
            }
            return fd;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code close(fd)}.
     *
     * @param fd the descriptor
     */
    public void close(int fd) {
        try {
            if ((int) CLOSE.invokeExact(callState, fd) < 0) {
                throw failure("close", null);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code pread(fd, buf, buf.byteSize(), offset)}.
     *
     * @param fd     the descriptor
     * @param buf    where to read
     * @param offset file offset
     * @return bytes read
     */
    public long pread(int fd, MemorySegment buf, long offset) {
        try {
            long n = (long) PREAD.invokeExact(callState, fd, buf, buf.byteSize(), offset);
            if (n < 0) {
                throw failure("pread", null);
            }
            return n;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code pwrite(fd, buf, buf.byteSize(), offset)}.
     *
     * @param fd     the descriptor
     * @param buf    the data
     * @param offset file offset
     * @return bytes written
     */
    public long pwrite(int fd, MemorySegment buf, long offset) {
        try {
            long n = (long) PWRITE.invokeExact(callState, fd, buf, buf.byteSize(), offset);
            if (n < 0) {
                throw failure("pwrite", null);
            }
            return n;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code fstatat(AT_FDCWD, path, buf, 0)}: a {@code stat(2)} of a path.
     *
     * @param path a NUL-terminated path
     * @param buf  {@link #STAT_SIZE} bytes
     * @return 0
     */
    public int stat(MemorySegment path, MemorySegment buf) {
        try {
            int r = (int) FSTATAT.invokeExact(callState, AT_FDCWD, path, buf, 0);
            if (r < 0) {
                throw failure("stat", path);
            }
            return r;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code getdents64(fd, buf, buf.byteSize())}.
     *
     * @param fd  an open directory
     * @param buf where the entries go
     * @return bytes of entries, 0 at the end
     */
    public long getdents64(int fd, MemorySegment buf) {
        try {
            long n = (long) GETDENTS64.invokeExact(callState, fd, buf, buf.byteSize());
            if (n < 0) {
                throw failure("getdents64", null);
            }
            return n;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code unlink(path)}.
     *
     * @param path a NUL-terminated path
     */
    public void unlink(MemorySegment path) {
        try {
            if ((int) UNLINK.invokeExact(callState, path) < 0) {
                throw failure("unlink", path);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
