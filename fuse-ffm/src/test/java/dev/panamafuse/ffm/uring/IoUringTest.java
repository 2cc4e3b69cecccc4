package dev.panamafuse.ffm.uring;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Errno;
import dev.panamafuse.ffm.posix.LibcException;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** A real ring of this kernel, driven with {@code IORING_OP_NOP}: submission, completion, wrap-around. */
class IoUringTest {
    private static final long USER_DATA = IoUringAbi.IO_URING_SQE128.byteOffset(
            java.lang.foreign.MemoryLayout.PathElement.groupElement("user_data"));

    @Test
    void nopsComeBackInOrderWithTheirUserDataAcrossWrapArounds() throws LibcException {
        try (IoUring ring = IoUring.setup(8, IoUringAbi.IORING_SETUP_SQE128, 0)) {
            assertEquals(8, ring.sqEntries());
            assertEquals(16, ring.cqEntries(), "the kernel's default: twice the submission entries");
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 8; i++) {
                    MemorySegment sqe = ring.nextSqe();
                    assertNotNull(sqe, "entry " + i + " of round " + round);
                    assertEquals(128, sqe.byteSize());
                    sqe.set(JAVA_BYTE, 0, (byte) IoUringAbi.IORING_OP_NOP);
                    sqe.set(JAVA_LONG, USER_DATA, round * 8L + i);
                }
                assertNull(ring.nextSqe(), "all eight entries are taken until submitted");
                assertEquals(8, ring.submitAndWait(8));
                assertEquals(8, ring.completions());
                for (int k = 0; k < 8; k++) {
                    assertEquals(round * 8L + k, ring.userData(k));
                    assertEquals(0, ring.res(k));
                }
                ring.consume(8);
                assertEquals(0, ring.completions());
            }
        }
    }

    @Test
    void entriesAreHandedOutZeroed() throws LibcException {
        try (IoUring ring = IoUring.setup(1, IoUringAbi.IORING_SETUP_SQE128, 0)) {
            MemorySegment sqe = ring.nextSqe();
            sqe.fill((byte) 0x5a);
            sqe.set(JAVA_BYTE, 0, (byte) IoUringAbi.IORING_OP_NOP);
            sqe.fill((byte) 0);
            assertEquals(1, ring.submitAndWait(1));
            ring.consume(ring.completions());
            MemorySegment again = ring.nextSqe();
            for (long i = 0; i < again.byteSize(); i++) {
                assertEquals(0, again.get(JAVA_BYTE, i), "byte " + i);
            }
        }
    }

    @Test
    void aCompletionRingOfItsOwnSize() throws LibcException {
        try (IoUring ring = IoUring.setup(4, IoUringAbi.IORING_SETUP_SQE128, 64)) {
            assertEquals(4, ring.sqEntries());
            assertEquals(64, ring.cqEntries());
            assertTrue(ring.hasFeature(IoUringAbi.IORING_FEAT_NODROP), "kernel 5.5 and later");
            assertTrue(ring.hasFeature(IoUringAbi.IORING_FEAT_SINGLE_MMAP | IoUringAbi.IORING_FEAT_NODROP));
        }
    }

    @Test
    void aRingOfNoEntriesIsRefusedWithTheKernelsErrno() {
        LibcException e = assertThrows(LibcException.class, () -> IoUring.setup(0, IoUringAbi.IORING_SETUP_SQE128, 0));
        assertEquals(Errno.EINVAL.code(), e.errno());
        assertTrue(e.getMessage().startsWith("io_uring_setup("), e.getMessage());
    }

    @Test
    void closingTwiceIsHarmless() throws LibcException {
        IoUring ring = IoUring.setup(2, IoUringAbi.IORING_SETUP_SQE128, 0);
        ring.close();
        ring.close();
    }
}
