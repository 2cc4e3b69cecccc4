package dev.panamafuse.ffm.uring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.StructLayout;
import org.junit.jupiter.api.Test;

/** The io_uring structs against the sizes and offsets of {@code linux/io_uring.h} (x86_64 and aarch64 alike). */
class IoUringLayoutTest {

    private static void assertOffsets(StructLayout layout, Object... fieldsAndOffsets) {
        for (int i = 0; i < fieldsAndOffsets.length; i += 2) {
            String field = (String) fieldsAndOffsets[i];
            assertEquals(((Integer) fieldsAndOffsets[i + 1]).longValue(), layout.byteOffset(groupElement(field)),
                    layout.name().orElseThrow() + "." + field);
        }
    }

    @Test
    void params() {
        assertEquals(120, IoUringAbi.IO_URING_PARAMS.byteSize());
        assertOffsets(IoUringAbi.IO_URING_PARAMS, "sq_entries", 0, "cq_entries", 4, "flags", 8, "sq_thread_cpu", 12,
                "sq_thread_idle", 16, "features", 20, "wq_fd", 24, "resv", 28, "sq_off", 40, "cq_off", 80);
    }

    @Test
    void ringOffsets() {
        assertEquals(40, IoUringAbi.IO_SQRING_OFFSETS.byteSize());
        assertOffsets(IoUringAbi.IO_SQRING_OFFSETS, "head", 0, "tail", 4, "ring_mask", 8, "ring_entries", 12,
                "flags", 16, "dropped", 20, "array", 24, "resv1", 28, "user_addr", 32);
        assertEquals(40, IoUringAbi.IO_CQRING_OFFSETS.byteSize());
        assertOffsets(IoUringAbi.IO_CQRING_OFFSETS, "head", 0, "tail", 4, "ring_mask", 8, "ring_entries", 12,
                "overflow", 16, "cqes", 20, "flags", 24, "resv1", 28, "user_addr", 32);
    }

    @Test
    void submissionAndCompletionEntries() {
        assertEquals(128, IoUringAbi.IO_URING_SQE128.byteSize());
        assertOffsets(IoUringAbi.IO_URING_SQE128, "opcode", 0, "flags", 1, "ioprio", 2, "fd", 4, "cmd_op", 8,
                "__pad1", 12, "addr", 16, "len", 24, "uring_cmd_flags", 28, "user_data", 32, "buf_index", 40,
                "personality", 42, "file_index", 44, "cmd", 48);
        assertEquals(16, IoUringAbi.IO_URING_CQE.byteSize());
        assertOffsets(IoUringAbi.IO_URING_CQE, "user_data", 0, "res", 8, "flags", 12);
        assertEquals(16, IoUringAbi.IOVEC.byteSize());
    }

    @Test
    void numbers() {
        assertEquals(425, IoUringAbi.SYS_IO_URING_SETUP);
        assertEquals(426, IoUringAbi.SYS_IO_URING_ENTER);
        assertEquals(46, IoUringAbi.IORING_OP_URING_CMD);
        assertEquals(1 << 10, IoUringAbi.IORING_SETUP_SQE128);
        assertEquals(0x10000000L, IoUringAbi.IORING_OFF_SQES);
        assertEquals(0x8000000L, IoUringAbi.IORING_OFF_CQ_RING);
    }
}
