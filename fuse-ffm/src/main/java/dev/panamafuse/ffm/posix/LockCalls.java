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

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * File locks: POSIX record locks and open-file-description locks through {@code fcntl}
 * ({@link #F_GETLK}, {@link #F_SETLK}, {@link #F_SETLKW} and their {@code F_OFD_*} forms) with a
 * {@link #FLOCK} struct, and whole-file {@code flock} locks. An open-file-description lock
 * belongs to the open file (all {@code dup}s of it), not to the process, so one process can hold
 * locks for many owners by opening the file once per owner: what a passthrough filesystem needs
 * to forward the locks of its clients. A failure is a {@link LibcException} naming the call,
 * e.g. {@code fcntl(7, 37) failed: EAGAIN (Resource temporarily unavailable)} for a conflict.
 */
public final class LockCalls {

    /** {@code F_GETLK}: test a process-owned record lock. */
    public static final int F_GETLK = 5;
    /** {@code F_SETLK}: place or remove a process-owned record lock without waiting. */
    public static final int F_SETLK = 6;
    /** {@code F_SETLKW}: the same, waiting for a conflicting lock to go. */
    public static final int F_SETLKW = 7;
    /** {@code F_OFD_GETLK}: test an open-file-description lock. */
    public static final int F_OFD_GETLK = 36;
    /** {@code F_OFD_SETLK}: place or remove an open-file-description lock without waiting. */
    public static final int F_OFD_SETLK = 37;
    /** {@code F_OFD_SETLKW}: the same, waiting for a conflicting lock to go. */
    public static final int F_OFD_SETLKW = 38;

    /** {@code LOCK_SH}: a shared {@code flock}. */
    public static final int LOCK_SH = 1;
    /** {@code LOCK_EX}: an exclusive {@code flock}. */
    public static final int LOCK_EX = 2;
    /** {@code LOCK_NB}: do not wait. */
    public static final int LOCK_NB = 4;
    /** {@code LOCK_UN}: remove the {@code flock}. */
    public static final int LOCK_UN = 8;

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

    /** {@code F_RDLCK} in {@code l_type}: a read (shared) lock. */
    public static final short F_RDLCK = 0;
    /** {@code F_WRLCK} in {@code l_type}: a write (exclusive) lock. */
    public static final short F_WRLCK = 1;
    /** {@code F_UNLCK} in {@code l_type}: unlock, or (after a GETLK) no conflicting lock. */
    public static final short F_UNLCK = 2;

    private static final MethodHandle FCNTL_PTR = downcall("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle FLOCK_CALL = downcall("flock",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);

    private LockCalls() {
    }

    /**
     * {@code fcntl(fd, cmd, lock)} for the record-lock commands ({@link #F_OFD_GETLK},
     * {@link #F_OFD_SETLK}, {@link #F_OFD_SETLKW}).
     *
     * @param fd   the descriptor
     * @param cmd  the command
     * @param lock a native {@link #FLOCK} struct, read and (for GETLK) written by the call
     * @throws LibcException if the call fails ({@code EAGAIN}: a conflicting lock)
     */
    public static void fcntlLock(int fd, int cmd, MemorySegment lock) throws LibcException {
        checkNative(lock, true, "lock");
        if (lock.byteSize() < FLOCK.byteSize()) {
            throw new IllegalArgumentException("a flock struct needs " + FLOCK.byteSize() + " bytes");
        }
        run("fcntl", () -> fd + ", " + cmd, (cs, a) -> (int) FCNTL_PTR.invokeExact(cs, fd, cmd, lock));
    }

    /**
     * {@code flock(fd, operation)}.
     *
     * @param fd        the descriptor
     * @param operation {@link #LOCK_SH}, {@link #LOCK_EX} or {@link #LOCK_UN}, with {@link #LOCK_NB}
     * @throws LibcException if the call fails ({@code EWOULDBLOCK} with {@link #LOCK_NB})
     */
    public static void flock(int fd, int operation) throws LibcException {
        direct("flock", fd, cs -> (int) FLOCK_CALL.invokeExact(cs, fd, operation));
    }
}
