package dev.panamafuse.ffm.internal;

import static dev.panamafuse.ffm.internal.Libc.CAPTURE_ERRNO;
import static dev.panamafuse.ffm.internal.Libc.downcall;
import static dev.panamafuse.ffm.internal.LibcCall.checkNative;
import static dev.panamafuse.ffm.internal.LibcCall.direct;
import static dev.panamafuse.ffm.internal.LibcCall.run;
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
 * The libc calls on open file descriptors that a passthrough filesystem needs: positioned I/O
 * ({@code pread}, {@code pwrite}), {@code fsync}, {@code fdatasync}, {@code ftruncate},
 * {@code fallocate}, {@code copy_file_range}, {@code lseek}, {@code fstatfs},
 * {@code getdents64}, record locks through {@code fcntl} and {@code flock}; in the style of
 * {@link Libc} (one downcall per wrapper, errno captured per call, {@link LibcException}).
 *
 * <p>Buffers are native segments used in place: {@code pread} fills the caller's segment and
 * {@code pwrite} sends it, without a copy.
 */
public final class LibcFiles {

    /** {@code SEEK_SET}. */
    public static final int SEEK_SET = 0;
    /** {@code SEEK_DATA}: the next byte of data at or after the offset. */
    public static final int SEEK_DATA = 3;
    /** {@code SEEK_HOLE}: the next hole at or after the offset. */
    public static final int SEEK_HOLE = 4;

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

    /**
     * {@code struct statfs} on LP64 Linux (120 bytes): {@code f_type} 0, {@code f_bsize} 8,
     * {@code f_blocks} 16, {@code f_bfree} 24, {@code f_bavail} 32, {@code f_files} 40,
     * {@code f_ffree} 48, {@code f_fsid} 56, {@code f_namelen} 64, {@code f_frsize} 72,
     * {@code f_flags} 80, spare 88.
     */
    public static final StructLayout STATFS = MemoryLayout.structLayout(
            JAVA_LONG.withName("f_type"),
            JAVA_LONG.withName("f_bsize"),
            JAVA_LONG.withName("f_blocks"),
            JAVA_LONG.withName("f_bfree"),
            JAVA_LONG.withName("f_bavail"),
            JAVA_LONG.withName("f_files"),
            JAVA_LONG.withName("f_ffree"),
            MemoryLayout.sequenceLayout(2, JAVA_INT).withName("f_fsid"),
            JAVA_LONG.withName("f_namelen"),
            JAVA_LONG.withName("f_frsize"),
            JAVA_LONG.withName("f_flags"),
            MemoryLayout.sequenceLayout(4, JAVA_LONG).withName("f_spare")).withName("statfs");

    private static final MethodHandle PREAD = downcall("pread",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle PWRITE = downcall("pwrite",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle FSYNC = downcall("fsync",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle FDATASYNC = downcall("fdatasync",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle SYNCFS = downcall("syncfs",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle FTRUNCATE = downcall("ftruncate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle FALLOCATE = downcall("fallocate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle COPY_FILE_RANGE = downcall("copy_file_range",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT),
            CAPTURE_ERRNO);
    private static final MethodHandle LSEEK = downcall("lseek",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle FSTATFS = downcall("fstatfs",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle GETDENTS64 = downcall("getdents64",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle FCNTL_PTR = downcall("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle FLOCK_CALL = downcall("flock",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);

    private LibcFiles() {
    }

    /**
     * {@code pread(fd, buf, buf.byteSize(), offset)}: fills {@code buf} in place.
     *
     * @param fd     the descriptor
     * @param buf    a writable native segment
     * @param offset the file offset
     * @return the bytes read, 0 at end of file
     * @throws LibcException if the call fails
     */
    public static long pread(int fd, MemorySegment buf, long offset) throws LibcException {
        checkNative(buf, true, "buf");
        return direct("pread", fd,
                cs -> (long) PREAD.invokeExact(cs, fd, buf, buf.byteSize(), offset));
    }

    /**
     * {@code pwrite(fd, buf, buf.byteSize(), offset)}: writes {@code buf} as it is.
     *
     * @param fd     the descriptor
     * @param buf    a native segment (may be read-only)
     * @param offset the file offset (ignored by Linux for a descriptor opened with {@code O_APPEND})
     * @return the bytes written
     * @throws LibcException if the call fails
     */
    public static long pwrite(int fd, MemorySegment buf, long offset) throws LibcException {
        checkNative(buf, false, "buf");
        return direct("pwrite", fd,
                cs -> (long) PWRITE.invokeExact(cs, fd, buf, buf.byteSize(), offset));
    }

    /**
     * {@code fsync(fd)}, or {@code fdatasync(fd)} when {@code dataOnly}.
     *
     * @param fd       the descriptor
     * @param dataOnly true for {@code fdatasync}
     * @throws LibcException if the call fails
     */
    public static void fsync(int fd, boolean dataOnly) throws LibcException {
        if (dataOnly) {
            direct("fdatasync", fd, cs -> (int) FDATASYNC.invokeExact(cs, fd));
        } else {
            direct("fsync", fd, cs -> (int) FSYNC.invokeExact(cs, fd));
        }
    }

    /**
     * {@code syncfs(fd)}: writes out everything cached of the filesystem holding {@code fd}.
     *
     * @param fd a descriptor (not {@code O_PATH}) of any file of that filesystem
     * @throws LibcException if the call fails
     */
    public static void syncfs(int fd) throws LibcException {
        direct("syncfs", fd, cs -> (int) SYNCFS.invokeExact(cs, fd));
    }

    /**
     * {@code ftruncate(fd, length)}.
     *
     * @param fd     a descriptor open for writing
     * @param length the new size
     * @throws LibcException if the call fails
     */
    public static void ftruncate(int fd, long length) throws LibcException {
        direct("ftruncate", fd, cs -> (int) FTRUNCATE.invokeExact(cs, fd, length));
    }

    /**
     * {@code fallocate(fd, mode, offset, length)}.
     *
     * @param fd     the descriptor
     * @param mode   {@code FALLOC_FL_*} bits
     * @param offset first byte
     * @param length number of bytes
     * @throws LibcException if the call fails
     */
    public static void fallocate(int fd, int mode, long offset, long length) throws LibcException {
        direct("fallocate", fd, cs -> (int) FALLOCATE.invokeExact(cs, fd, mode, offset, length));
    }

    /**
     * {@code copy_file_range(fdIn, &offIn, fdOut, &offOut, length, flags)} with explicit offsets
     * (the descriptors' own offsets are neither used nor changed).
     *
     * @param fdIn   the source
     * @param offIn  offset in the source
     * @param fdOut  the destination
     * @param offOut offset in the destination
     * @param length bytes to copy at most
     * @param flags  0
     * @return the bytes copied, 0 at the source's end
     * @throws LibcException if the call fails
     */
    public static long copyFileRange(int fdIn, long offIn, int fdOut, long offOut, long length, int flags)
            throws LibcException {
        return run("copy_file_range", () -> fdIn + ", " + fdOut, (cs, a) -> {
            MemorySegment in = a.allocateFrom(JAVA_LONG, offIn);
            MemorySegment out = a.allocateFrom(JAVA_LONG, offOut);
            return (long) COPY_FILE_RANGE.invokeExact(cs, fdIn, in, fdOut, out, length, flags);
        });
    }

    /**
     * {@code lseek(fd, offset, whence)}.
     *
     * @param fd     the descriptor
     * @param offset the offset
     * @param whence {@link #SEEK_SET}, {@link #SEEK_DATA}, {@link #SEEK_HOLE}, ...
     * @return the resulting offset
     * @throws LibcException if the call fails ({@code ENXIO}: no data or hole past the offset)
     */
    public static long lseek(int fd, long offset, int whence) throws LibcException {
        return direct("lseek", fd, cs -> (long) LSEEK.invokeExact(cs, fd, offset, whence));
    }

    /**
     * {@code fstatfs(fd, buf)}; works on {@code O_PATH} descriptors.
     *
     * @param fd  the descriptor
     * @param buf a native segment of at least {@link #STATFS} size, filled by the call
     * @throws LibcException if the call fails
     */
    public static void fstatfs(int fd, MemorySegment buf) throws LibcException {
        checkNative(buf, true, "buf");
        if (buf.byteSize() < STATFS.byteSize()) {
            throw new IllegalArgumentException("a statfs buffer needs " + STATFS.byteSize() + " bytes");
        }
        direct("fstatfs", fd, cs -> (int) FSTATFS.invokeExact(cs, fd, buf));
    }

    /**
     * {@code getdents64(fd, buf, buf.byteSize())}: reads {@code struct linux_dirent64} records
     * ({@code d_ino} 0, {@code d_off} 8, {@code d_reclen} 16, {@code d_type} 18, {@code d_name} 19).
     *
     * @param fd  an open directory
     * @param buf a writable native segment
     * @return the bytes filled, 0 at the end of the directory
     * @throws LibcException if the call fails
     */
    public static int getdents64(int fd, MemorySegment buf) throws LibcException {
        checkNative(buf, true, "buf");
        return (int) direct("getdents64", fd,
                cs -> (long) GETDENTS64.invokeExact(cs, fd, buf, buf.byteSize()));
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
