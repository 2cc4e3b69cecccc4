package dev.panamafuse.ffm.uring;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * The io_uring ABI of {@code include/uapi/linux/io_uring.h} that FUSE over io_uring needs: the
 * syscall numbers, the setup, enter and feature bits, the {@code mmap} offsets of the rings, and
 * the structs as {@link StructLayout}s with the kernel's field names. Sizes are those of every
 * Linux ABI (the structs hold fixed-width fields only); {@code IoUringLayoutTest} checks each
 * size and offset against the header's numbers.
 */
public final class IoUringAbi {

    private IoUringAbi() {
    }

    // ---------------------------------------------------------------- syscalls (asm-generic, also x86_64)

    /** {@code __NR_io_uring_setup}, the same number on x86_64 and aarch64. */
    public static final long SYS_IO_URING_SETUP = 425;
    /** {@code __NR_io_uring_enter}. */
    public static final long SYS_IO_URING_ENTER = 426;

    // ---------------------------------------------------------------- io_uring_params.flags

    /** {@code IORING_SETUP_CQSIZE}: {@code cq_entries} gives the completion ring's size. */
    public static final int IORING_SETUP_CQSIZE = 1 << 3;
    /** {@code IORING_SETUP_SUBMIT_ALL}: keep submitting a batch after one entry fails. */
    public static final int IORING_SETUP_SUBMIT_ALL = 1 << 7;
    /** {@code IORING_SETUP_SQE128}: 128-byte submission entries, which {@code URING_CMD} for FUSE needs. */
    public static final int IORING_SETUP_SQE128 = 1 << 10;

    // ---------------------------------------------------------------- io_uring_params.features

    /** {@code IORING_FEAT_SINGLE_MMAP}: both rings live in the one mapping at {@link #IORING_OFF_SQ_RING}. */
    public static final int IORING_FEAT_SINGLE_MMAP = 1 << 0;
    /** {@code IORING_FEAT_NODROP}: completions are never dropped when the completion ring is full. */
    public static final int IORING_FEAT_NODROP = 1 << 1;

    // ---------------------------------------------------------------- mmap offsets

    /** {@code IORING_OFF_SQ_RING}: the submission ring (and, with single mmap, the completion ring). */
    public static final long IORING_OFF_SQ_RING = 0;
    /** {@code IORING_OFF_CQ_RING}: the completion ring, when it has a mapping of its own. */
    public static final long IORING_OFF_CQ_RING = 0x8000000L;
    /** {@code IORING_OFF_SQES}: the array of submission entries. */
    public static final long IORING_OFF_SQES = 0x10000000L;

    // ---------------------------------------------------------------- io_uring_enter flags, opcodes

    /** {@code IORING_ENTER_GETEVENTS}: wait for {@code min_complete} completions. */
    public static final int IORING_ENTER_GETEVENTS = 1 << 0;
    /** {@code IORING_OP_NOP}: completes at once with result 0. */
    public static final int IORING_OP_NOP = 0;
    /** {@code IORING_OP_URING_CMD}: a command for the file's driver, here {@code /dev/fuse}. */
    public static final int IORING_OP_URING_CMD = 46;

    // ---------------------------------------------------------------- structs

    /**
     * {@code struct io_sqring_offsets} (40 bytes): where the fields of the submission ring lie in
     * its mapping, as {@code io_uring_setup(2)} reports them.
     */
    public static final StructLayout IO_SQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"), JAVA_INT.withName("tail"), JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"), JAVA_INT.withName("flags"), JAVA_INT.withName("dropped"),
            JAVA_INT.withName("array"), JAVA_INT.withName("resv1"), JAVA_LONG.withName("user_addr"))
            .withName("io_sqring_offsets");

    /** {@code struct io_cqring_offsets} (40 bytes): the same for the completion ring. */
    public static final StructLayout IO_CQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"), JAVA_INT.withName("tail"), JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"), JAVA_INT.withName("overflow"), JAVA_INT.withName("cqes"),
            JAVA_INT.withName("flags"), JAVA_INT.withName("resv1"), JAVA_LONG.withName("user_addr"))
            .withName("io_cqring_offsets");

    /**
     * {@code struct io_uring_params} (120 bytes): the argument of {@code io_uring_setup(2)}:
     * requested sizes and flags in, actual sizes, features and ring offsets out.
     */
    public static final StructLayout IO_URING_PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("sq_entries"), JAVA_INT.withName("cq_entries"), JAVA_INT.withName("flags"),
            JAVA_INT.withName("sq_thread_cpu"), JAVA_INT.withName("sq_thread_idle"),
            JAVA_INT.withName("features"), JAVA_INT.withName("wq_fd"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv"),
            IO_SQRING_OFFSETS.withName("sq_off"), IO_CQRING_OFFSETS.withName("cq_off"))
            .withName("io_uring_params");

    /**
     * {@code struct io_uring_sqe} as a 128-byte entry of a ring set up with
     * {@link #IORING_SETUP_SQE128}, in the shape {@code IORING_OP_URING_CMD} uses: the union at 8
     * is {@code cmd_op} and {@code __pad1} (which must be 0), the one at 28 is
     * {@code uring_cmd_flags}, and {@code cmd} (80 bytes from offset 48) holds the driver's
     * command, for FUSE a {@code fuse_uring_cmd_req}.
     */
    public static final StructLayout IO_URING_SQE128 = MemoryLayout.structLayout(
            JAVA_BYTE.withName("opcode"), JAVA_BYTE.withName("flags"), JAVA_SHORT.withName("ioprio"),
            JAVA_INT.withName("fd"), JAVA_INT.withName("cmd_op"), JAVA_INT.withName("__pad1"),
            JAVA_LONG.withName("addr"), JAVA_INT.withName("len"), JAVA_INT.withName("uring_cmd_flags"),
            JAVA_LONG.withName("user_data"), JAVA_SHORT.withName("buf_index"),
            JAVA_SHORT.withName("personality"), JAVA_INT.withName("file_index"),
            MemoryLayout.sequenceLayout(80, JAVA_BYTE).withName("cmd"))
            .withName("io_uring_sqe");

    /** {@code struct io_uring_cqe} (16 bytes): one completion, {@code res} a result or {@code -errno}. */
    public static final StructLayout IO_URING_CQE = MemoryLayout.structLayout(
            JAVA_LONG.withName("user_data"), JAVA_INT.withName("res"), JAVA_INT.withName("flags"))
            .withName("io_uring_cqe");

    /** {@code struct iovec} (16 bytes on LP64): a buffer handed to {@code FUSE_IO_URING_CMD_REGISTER}. */
    public static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len"))
            .withName("iovec");
}
