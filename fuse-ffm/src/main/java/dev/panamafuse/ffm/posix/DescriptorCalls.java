package dev.panamafuse.ffm.posix;

import static dev.panamafuse.ffm.posix.LibcCall.CAPTURE_ERRNO;
import static dev.panamafuse.ffm.posix.LibcCall.checkNative;
import static dev.panamafuse.ffm.posix.LibcCall.direct;
import static dev.panamafuse.ffm.posix.LibcCall.downcall;
import static dev.panamafuse.ffm.posix.LibcCall.run;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * The calls on an open file descriptor: {@code close}, {@code dup}, positioned I/O
 * ({@code pread}, {@code pwrite}), {@code fsync}, {@code fdatasync}, {@code syncfs},
 * {@code ftruncate}, {@code fallocate}, {@code copy_file_range}, {@code lseek} (with
 * {@link #SEEK_DATA} and {@link #SEEK_HOLE}), {@code fstatfs} and {@code getdents64}.
 *
 * <p>Buffers are native segments used in place: {@code pread} fills the caller's segment and
 * {@code pwrite} sends it, without a copy. These calls capture errno into a segment of the
 * calling thread and allocate no native memory (except {@code copy_file_range}, which needs two
 * offsets). A failure is a {@link LibcException} naming the call and the descriptor, e.g.
 * {@code pread(7) failed: EBADF (Bad file descriptor)}. Descriptors stay the caller's: only
 * {@link #close} releases one.
 */
public final class DescriptorCalls {

    /** {@code SEEK_SET}. */
    public static final int SEEK_SET = 0;
    /** {@code SEEK_DATA}: the next byte of data at or after the offset. */
    public static final int SEEK_DATA = 3;
    /** {@code SEEK_HOLE}: the next hole at or after the offset. */
    public static final int SEEK_HOLE = 4;

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

    private static final MethodHandle CLOSE = downcall("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle DUP = downcall("dup",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
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
    private DescriptorCalls() {
    }

    /**
     * {@code close(fd)}. Linux releases the descriptor even when this fails (also with
     * {@code EINTR}): never retry, and never use the number again.
     *
     * @param fd the descriptor
     * @throws LibcException if the call fails ({@code EBADF}: not open; {@code EIO}: a deferred
     *                       write error of the file)
     */
    public static void close(int fd) throws LibcException {
        direct("close", fd, cs -> (int) CLOSE.invokeExact(cs, fd));
    }

    /**
     * {@code dup(fd)}: a second descriptor of the same open file description (offset, flags and
     * {@code F_OFD_*} locks shared), without close-on-exec.
     *
     * @param fd the descriptor to duplicate
     * @return the new descriptor, the caller's to close
     * @throws LibcException if the call fails ({@code EBADF}, {@code EMFILE})
     */
    public static int dup(int fd) throws LibcException {
        return (int) direct("dup", fd, cs -> (int) DUP.invokeExact(cs, fd));
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
}
