package dev.panamafuse.ffm.uring;

import static dev.panamafuse.ffm.posix.LibcCall.CAPTURE_ERRNO;
import static dev.panamafuse.ffm.posix.LibcCall.downcall;
import static dev.panamafuse.ffm.uring.IoUringAbi.IORING_ENTER_GETEVENTS;
import static dev.panamafuse.ffm.uring.IoUringAbi.IORING_FEAT_SINGLE_MMAP;
import static dev.panamafuse.ffm.uring.IoUringAbi.IORING_OFF_CQ_RING;
import static dev.panamafuse.ffm.uring.IoUringAbi.IORING_OFF_SQES;
import static dev.panamafuse.ffm.uring.IoUringAbi.IORING_OFF_SQ_RING;
import static dev.panamafuse.ffm.uring.IoUringAbi.IORING_SETUP_CQSIZE;
import static dev.panamafuse.ffm.uring.IoUringAbi.IORING_SETUP_SQE128;
import static dev.panamafuse.ffm.uring.IoUringAbi.IO_URING_CQE;
import static dev.panamafuse.ffm.uring.IoUringAbi.IO_URING_PARAMS;
import static dev.panamafuse.ffm.uring.IoUringAbi.SYS_IO_URING_ENTER;
import static dev.panamafuse.ffm.uring.IoUringAbi.SYS_IO_URING_SETUP;
import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.panamafuse.Errno;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.LibcCall;
import dev.panamafuse.ffm.posix.LibcException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * One io_uring instance, set up with {@code io_uring_setup(2)} and driven through its shared
 * rings: {@link #nextSqe()} hands out a zeroed submission entry, {@link #submitAndWait(int)}
 * publishes the entries with a release store of the tail and enters the kernel, and the
 * completions are read in place ({@link #completions()}, {@link #userData(int)},
 * {@link #res(int)}) and given back with {@link #consume(int)}. The submission ring's index array
 * is filled once with the identity, so an entry's slot is its tail position. Nothing here
 * allocates after {@link #setup}.
 *
 * <p>Not thread-safe: one thread owns a ring, and for FUSE it must be a long-lived platform
 * thread, since the kernel copies each request into the memory of an entry in the context of
 * the task that submitted that entry's command (and cancels the task's commands when it exits).
 * The mappings stay valid until {@link #close()}.
 */
public final class IoUring implements AutoCloseable {
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_SHARED_POPULATE = 0x01 | 0x8000;
    private static final long CQE_SIZE = IO_URING_CQE.byteSize();
    private static final VarHandle INT = JAVA_INT.varHandle();

    private static final MethodHandle SETUP = downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS), CAPTURE_ERRNO,
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle ENTER = downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS,
                    JAVA_LONG), CAPTURE_ERRNO, Linker.Option.firstVariadicArg(1));
    private static final MethodHandle MMAP = downcall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle MUNMAP = downcall("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);

    private final int fd;
    private final int features;
    private final MemorySegment callState;
    private final MemorySegment sqRing;
    private final MemorySegment cqRing;
    private final MemorySegment sqes;
    private final MemorySegment[] slots;
    private final long sqHeadAt;
    private final long sqTailAt;
    private final int sqMask;
    private final long cqHeadAt;
    private final long cqTailAt;
    private final int cqMask;
    private final int cqEntries;
    private final long cqesAt;
    /** The submission tail as this side has filled it; published to the kernel by {@link #submitAndWait}. */
    private int sqTail;
    /** The completion head as this side has consumed it. */
    private int cqHead;
    private boolean closed;

    private IoUring(int fd, MemorySegment params, MemorySegment sqRing, MemorySegment cqRing,
            MemorySegment sqes, long sqeSize, MemorySegment callState) {
        this.fd = fd;
        this.features = params.get(JAVA_INT, IO_URING_PARAMS.byteOffset(groupElement("features")));
        this.callState = callState;
        this.sqRing = sqRing;
        this.cqRing = cqRing;
        this.sqes = sqes;
        sqHeadAt = sq(params, "head");
        sqTailAt = sq(params, "tail");
        sqMask = sqRing.get(JAVA_INT, sq(params, "ring_mask"));
        int sqEntries = sqRing.get(JAVA_INT, sq(params, "ring_entries"));
        cqHeadAt = cq(params, "head");
        cqTailAt = cq(params, "tail");
        cqMask = cqRing.get(JAVA_INT, cq(params, "ring_mask"));
        cqEntries = cqRing.get(JAVA_INT, cq(params, "ring_entries"));
        cqesAt = cq(params, "cqes");
        long array = sq(params, "array");
        slots = new MemorySegment[sqEntries];
        for (int i = 0; i < sqEntries; i++) {
            sqRing.set(JAVA_INT, array + 4L * i, i);
            slots[i] = sqes.asSlice(i * sqeSize, sqeSize);
        }
        sqTail = sqRing.get(JAVA_INT, sqTailAt);
        cqHead = cqRing.get(JAVA_INT, cqHeadAt);
    }

    /**
     * Sets up a ring with {@code io_uring_setup(2)} and maps its rings and entries.
     *
     * @param entries   submission entries wanted (the kernel rounds up to a power of two)
     * @param flags     {@code IORING_SETUP_*} bits; with {@link IoUringAbi#IORING_SETUP_SQE128}
     *                  the entries are 128 bytes
     * @param cqEntries completion entries wanted, or 0 for the kernel's default (twice the
     *                  submission entries)
     * @return the ring, owned by the caller until {@link #close()}
     * @throws LibcException with the call's errno: {@code EINVAL} for a bad size or flag,
     *                       {@code EPERM} when {@code kernel.io_uring_disabled} forbids rings,
     *                       {@code ENOSYS} when the kernel has no io_uring, {@code ENOMEM}
     */
    @SuppressWarnings("restricted")
    public static IoUring setup(int entries, int flags, int cqEntries) throws LibcException {
        int setupFlags = cqEntries > 0 ? flags | IORING_SETUP_CQSIZE : flags;
        MemorySegment callState = LibcCall.allocateCallState(Arena.global());
        MemorySegment params = Arena.ofAuto().allocate(IO_URING_PARAMS);
        params.set(JAVA_INT, IO_URING_PARAMS.byteOffset(groupElement("flags")), setupFlags);
        params.set(JAVA_INT, IO_URING_PARAMS.byteOffset(groupElement("cq_entries")), Math.max(cqEntries, 0));
        int fd = (int) LibcCall.direct("io_uring_setup", entries, callState,
                cs -> (long) SETUP.invokeExact(cs, SYS_IO_URING_SETUP, (long) entries, params));
        MemorySegment sqRing = null;
        MemorySegment cqRing = null;
        try {
            int sqEntries = params.get(JAVA_INT, IO_URING_PARAMS.byteOffset(groupElement("sq_entries")));
            int cqCount = params.get(JAVA_INT, IO_URING_PARAMS.byteOffset(groupElement("cq_entries")));
            long sqSize = sq(params, "array") + 4L * sqEntries;
            long cqSize = cq(params, "cqes") + CQE_SIZE * cqCount;
            int features = params.get(JAVA_INT, IO_URING_PARAMS.byteOffset(groupElement("features")));
            boolean single = (features & IORING_FEAT_SINGLE_MMAP) != 0;
            sqRing = map(fd, single ? Math.max(sqSize, cqSize) : sqSize, IORING_OFF_SQ_RING, callState);
            cqRing = single ? sqRing : map(fd, cqSize, IORING_OFF_CQ_RING, callState);
            long sqeSize = (setupFlags & IORING_SETUP_SQE128) != 0 ? 128 : 64;
            MemorySegment sqes = map(fd, sqeSize * sqEntries, IORING_OFF_SQES, callState);
            return new IoUring(fd, params, sqRing, cqRing, sqes, sqeSize, callState);
        } catch (LibcException | RuntimeException e) {
            if (cqRing != null && cqRing != sqRing) {
                unmap(cqRing, fd, callState);
            }
            if (sqRing != null) {
                unmap(sqRing, fd, callState);
            }
            closeQuietly(fd);
            throw e;
        }
    }

    /**
     * Whether the kernel reported a feature when it set the ring up.
     *
     * @param feature an {@code IORING_FEAT_*} bit, e.g. {@link IoUringAbi#IORING_FEAT_NODROP}
     * @return true if the bit was set in {@code io_uring_params.features}
     */
    public boolean hasFeature(int feature) {
        return (features & feature) == feature;
    }

    /** {@return the number of submission entries (a power of two)} */
    public int sqEntries() {
        return slots.length;
    }

    /** {@return the number of completion entries (a power of two)} */
    public int cqEntries() {
        return cqEntries;
    }

    /**
     * The next free submission entry, zeroed, counted as filled: the caller writes it before the
     * next {@link #submitAndWait(int)}.
     *
     * @return the entry's memory (64 or 128 bytes), or {@code null} when every entry is taken
     *         (submit first)
     */
    public MemorySegment nextSqe() {
        int head = (int) INT.getAcquire(sqRing, sqHeadAt);
        if (sqTail - head >= slots.length) {
            return null;
        }
        MemorySegment sqe = slots[sqTail & sqMask];
        sqe.fill((byte) 0);
        sqTail++;
        return sqe;
    }

    /**
     * Publishes the filled entries and enters the kernel ({@code io_uring_enter(2)}), waiting for
     * {@code minComplete} completions when it is positive. Retries on {@code EINTR}.
     *
     * @param minComplete completions to wait for, 0 for none
     * @return the number of entries the kernel consumed
     * @throws LibcException with the call's errno ({@code EBUSY} when completions must be
     *                       consumed first, {@code EBADF} after {@link #close()})
     */
    public int submitAndWait(int minComplete) throws LibcException {
        INT.setRelease(sqRing, sqTailAt, sqTail);
        long toSubmit = sqTail - (int) INT.getAcquire(sqRing, sqHeadAt);
        long enterFlags = minComplete > 0 ? IORING_ENTER_GETEVENTS : 0;
        while (true) {
            try {
                return (int) LibcCall.direct("io_uring_enter", fd, callState,
                        cs -> (long) ENTER.invokeExact(cs, SYS_IO_URING_ENTER, (long) fd, toSubmit,
                                (long) minComplete, enterFlags, MemorySegment.NULL, 0L));
            } catch (LibcException e) {
                if (e.errno() != Errno.EINTR.code()) {
                    throw e;
                }
            }
        }
    }

    /** {@return how many completions are ready to read, from index 0 up} */
    public int completions() {
        return (int) INT.getAcquire(cqRing, cqTailAt) - cqHead;
    }

    /**
     * The {@code user_data} of a ready completion.
     *
     * @param k the index among the ready completions, below {@link #completions()}
     * @return the value its submission carried
     */
    public long userData(int k) {
        return cqRing.get(JAVA_LONG, cqe(k));
    }

    /**
     * The {@code res} of a ready completion.
     *
     * @param k the index among the ready completions, below {@link #completions()}
     * @return the result, or {@code -errno}
     */
    public int res(int k) {
        return cqRing.get(JAVA_INT, cqe(k) + 8);
    }

    /**
     * Gives {@code n} read completions back to the kernel (a release store of the head).
     *
     * @param n how many, at most {@link #completions()}
     */
    public void consume(int n) {
        cqHead += n;
        INT.setRelease(cqRing, cqHeadAt, cqHead);
    }

    /**
     * Unmaps the rings and closes the descriptor, which cancels what the kernel still holds of
     * this ring. Idempotent; the ring's memory must not be used afterwards.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        unmap(sqes, fd, callState);
        unmap(sqRing, fd, callState);
        if (cqRing != sqRing) {
            unmap(cqRing, fd, callState);
        }
        closeQuietly(fd);
    }

    private long cqe(int k) {
        return cqesAt + ((cqHead + k) & cqMask) * CQE_SIZE;
    }

    private static long sq(MemorySegment params, String field) {
        return params.get(JAVA_INT, IO_URING_PARAMS.byteOffset(groupElement("sq_off"), groupElement(field)));
    }

    private static long cq(MemorySegment params, String field) {
        return params.get(JAVA_INT, IO_URING_PARAMS.byteOffset(groupElement("cq_off"), groupElement(field)));
    }

    @SuppressWarnings("restricted")
    private static MemorySegment map(int fd, long size, long offset, MemorySegment callState) throws LibcException {
        long address = LibcCall.direct("mmap", fd, callState, cs -> ((MemorySegment) MMAP.invokeExact(cs,
                MemorySegment.NULL, size, PROT_READ_WRITE, MAP_SHARED_POPULATE, fd, offset)).address());
        return MemorySegment.ofAddress(address).reinterpret(size);
    }

    private static void unmap(MemorySegment mapping, int fd, MemorySegment callState) {
        try {
            LibcCall.direct("munmap", fd, callState, cs -> (int) MUNMAP.invokeExact(cs, mapping, mapping.byteSize()));
        } catch (LibcException e) {
            throw new IllegalStateException("munmap of an io_uring mapping failed: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(int fd) {
        try {
            DescriptorCalls.close(fd);
        } catch (LibcException e) {
            // the descriptor is released even when close reports an error
        }
    }
}
