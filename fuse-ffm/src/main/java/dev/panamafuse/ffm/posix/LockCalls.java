package dev.panamafuse.ffm.posix;

import static dev.panamafuse.ffm.posix.LibcCall.CAPTURE_ERRNO;
import static dev.panamafuse.ffm.posix.LibcCall.checkNative;
import static dev.panamafuse.ffm.posix.LibcCall.direct;
import static dev.panamafuse.ffm.posix.LibcCall.downcall;
import static dev.panamafuse.ffm.posix.LibcCall.run;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.panamafuse.FileLock;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * File locks: POSIX record locks and open-file-description locks through {@code fcntl}
 * (the commands of {@link LockCommand}) with a {@link #FLOCK} struct, and whole-file
 * {@code flock} locks. The lock types of {@code l_type} ({@link FileLock#F_RDLCK},
 * {@link FileLock#F_WRLCK}, {@link FileLock#F_UNLCK}) and the {@code flock} operations
 * ({@link FileLock#LOCK_SH} …) are those of {@link FileLock}, defined once for the FUSE protocol
 * and libc alike (the {@code l_type} field is a {@code short}). An open-file-description lock
 * belongs to the open file (all {@code dup}s of it), not to the process, so one process can hold
 * locks for many owners by opening the file once per owner: what a passthrough filesystem needs
 * to forward the locks of its clients. A failure is a {@link LibcException} naming the call,
 * e.g. {@code fcntl(7, 37) failed: EAGAIN (Resource temporarily unavailable)} for a conflict.
 */
public final class LockCalls {

    /**
     * {@code struct flock} on LP64 Linux (32 bytes): {@code l_type} 0, {@code l_whence} 2,
     * {@code l_start} 8, {@code l_len} 16, {@code l_pid} 24.
     */
    public static final StructLayout FLOCK = MemoryLayout.structLayout(
            JAVA_SHORT.withName("l_type"),
            JAVA_SHORT.withName("l_whence"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("l_start"),
            JAVA_LONG.withName("l_len"),
            JAVA_INT.withName("l_pid"),
            MemoryLayout.paddingLayout(4)).withName("flock");

    private static final MethodHandle FCNTL_PTR = downcall("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle FLOCK_CALL = downcall("flock",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);

    private LockCalls() {
    }

    /**
     * {@code fcntl(fd, cmd, lock)} for a record-lock command; a failure's message shows the
     * command's number, e.g. {@code fcntl(7, 37)}.
     *
     * @param fd   the descriptor
     * @param cmd  the command, not null
     * @param lock a native {@link #FLOCK} struct, read and (for GETLK) written by the call
     * @throws LibcException if the call fails ({@code EAGAIN}: a conflicting lock)
     */
    public static void fcntlLock(int fd, LockCommand cmd, MemorySegment lock) throws LibcException {
        int c = cmd.cmd();
        checkNative(lock, true, "lock");
        if (lock.byteSize() < FLOCK.byteSize()) {
            throw new IllegalArgumentException("a flock struct needs " + FLOCK.byteSize() + " bytes");
        }
        run("fcntl", () -> fd + ", " + c, (cs, a) -> (int) FCNTL_PTR.invokeExact(cs, fd, c, lock));
    }

    /**
     * {@code flock(fd, operation)}.
     *
     * @param fd        the descriptor
     * @param operation {@link FileLock#LOCK_SH}, {@link FileLock#LOCK_EX} or {@link FileLock#LOCK_UN},
     *                  with {@link FileLock#LOCK_NB} not to wait
     * @throws LibcException if the call fails ({@code EWOULDBLOCK} with {@link FileLock#LOCK_NB})
     */
    public static void flock(int fd, int operation) throws LibcException {
        direct("flock", fd, cs -> (int) FLOCK_CALL.invokeExact(cs, fd, operation));
    }
}
