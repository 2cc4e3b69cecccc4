package dev.panamafuse.ffm.internal;

import static dev.panamafuse.ffm.posix.LibcCall.CAPTURE_ERRNO;
import static dev.panamafuse.ffm.posix.LibcCall.downcall;
import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.panamafuse.Errno;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.LibcCall;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.uring.IoUring;
import dev.panamafuse.ffm.uring.IoUringAbi;
import dev.panamafuse.protocol.DeviceStructs;
import dev.panamafuse.protocol.OperationFlags;
import dev.panamafuse.session.FuseTransport;
import dev.panamafuse.session.ReplySink;
import dev.panamafuse.session.Slot;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One FUSE-over-io_uring queue ({@code qid}), served by one reader thread: its own ring, its
 * ring entries, and an {@code eventfd} that wakes the reader when a reply is committed from
 * another thread. The reader is the ring's only submitter, as the kernel requires (it copies a
 * request into an entry in the context of the thread that submitted the entry's command): it
 * registers the entries on its first {@link #receive}, and every commit is submitted by it —
 * a reply completed on the reader itself (inline handling) is submitted with the reader's next
 * wait, one from a handler thread is handed over through a queue and the {@code eventfd}.
 */
final class UringQueue implements FuseTransport {
    private static final long WAKE = -1;
    private static final int IORING_OP_POLL_ADD = 6;
    private static final int POLLIN = 0x1;
    private static final long SQE_OPCODE = off("opcode");
    private static final long SQE_FD = off("fd");
    private static final long SQE_CMD_OP = off("cmd_op");
    private static final long SQE_ADDR = off("addr");
    private static final long SQE_LEN = off("len");
    /** For {@code IORING_OP_POLL_ADD} the union at 28 is {@code poll32_events}. */
    private static final long SQE_POLL_EVENTS = off("uring_cmd_flags");
    private static final long SQE_USER_DATA = off("user_data");
    private static final long CMD_COMMIT_ID = off("cmd")
            + DeviceStructs.FUSE_URING_CMD_REQ.byteOffset(groupElement("commit_id"));
    private static final long CMD_QID = off("cmd") + DeviceStructs.FUSE_URING_CMD_REQ.byteOffset(groupElement("qid"));
    private static final MethodHandle EVENTFD = downcall("eventfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final int EFD_CLOEXEC = 0x80000;

    final int qid;
    private final int devFd;
    private final ReplySink notifications;
    private final IoUring ring;
    private final UringEntry[] entries;
    private final int eventFd;
    private final MemorySegment eventBuf;
    /** The 8-byte 1 every waking {@code write(2)} adds to the {@code eventfd}'s counter (only read). */
    private final MemorySegment one;
    private final ConcurrentLinkedQueue<UringEntry> handedOver = new ConcurrentLinkedQueue<>();
    private volatile Thread owner;
    private boolean registered;

    private static long off(String field) {
        return IoUringAbi.IO_URING_SQE128.byteOffset(groupElement(field));
    }

    /**
     * Sets the queue up: its ring and {@code depth} entries of {@code payloadSize}-byte payload
     * buffers from {@code arena}; nothing is registered yet.
     *
     * @throws LibcException when the ring or the {@code eventfd} cannot be made
     */
    UringQueue(int qid, int devFd, ReplySink notifications, int depth, long payloadSize, Arena arena)
            throws LibcException {
        this.qid = qid;
        this.devFd = devFd;
        this.notifications = notifications;
        this.ring = IoUring.setup(2 * depth + 2, IoUringAbi.IORING_SETUP_SQE128 | IoUringAbi.IORING_SETUP_SUBMIT_ALL, 0);
        try {
            this.eventFd = (int) LibcCall.direct("eventfd", 0, cs -> (int) EVENTFD.invokeExact(cs, 0, EFD_CLOEXEC));
        } catch (LibcException e) {
            ring.close();
            throw e;
        }
        this.eventBuf = arena.allocate(8);
        this.one = arena.allocate(JAVA_LONG);
        one.set(JAVA_LONG, 0, 1);
        this.entries = new UringEntry[depth];
        for (int i = 0; i < depth; i++) {
            entries[i] = new UringEntry(this, i, payloadSize, arena);
        }
    }

    /**
     * Waits for the next request of this queue and binds {@code slot} to the entry it arrived in.
     * The first call registers every entry. Returns -1 once the connection has ended (the kernel
     * completes the entries with {@code ENOTCONN} at unmount or abort).
     */
    @Override
    public int receive(Slot slot) throws IOException {
        if (!registered) {
            owner = Thread.currentThread();
            for (UringEntry e : entries) {
                command(OperationFlags.IO_URING_CMD_REGISTER, e, 0);
            }
            armWake();
            registered = true;
        }
        while (true) {
            for (UringEntry e; (e = handedOver.poll()) != null; ) {
                command(OperationFlags.IO_URING_CMD_COMMIT_AND_FETCH, e, e.commitId());
            }
            if (ring.completions() == 0) {
                ring.submitAndWait(1);
                continue;
            }
            long token = ring.userData(0);
            int res = ring.res(0);
            ring.consume(1);
            if (token == WAKE) {
                Libc.read(eventFd, eventBuf);
                armWake();
                continue;
            }
            UringEntry e = entries[(int) token];
            if (res == 0) {
                return e.deliver(slot);
            }
            if (res == -Errno.EAGAIN.code() || res == -Errno.EINTR.code()) {
                command(OperationFlags.IO_URING_CMD_REGISTER, e, 0);
                continue;
            }
            if (res == -Errno.ENOTCONN.code() || res == -Errno.ECANCELED.code() || res == -Errno.ENODEV.code()) {
                return -1;
            }
            Errno errno = Errno.fromCode(-res);
            throw new IOException("io_uring queue " + qid + ", " + e + ": the kernel answered "
                    + (errno == null ? String.valueOf(-res) : errno.name() + " (" + errno.description() + ")"));
        }
    }

    /** Commits {@code e}'s reply: submitted now by the reader, or handed over to it from another thread. */
    void commit(UringEntry e) {
        if (Thread.currentThread() == owner) {
            command(OperationFlags.IO_URING_CMD_COMMIT_AND_FETCH, e, e.commitId());
            return;
        }
        handedOver.add(e);
        try {
            Libc.write(eventFd, one);
        } catch (LibcException ex) {
            throw new IllegalStateException("waking io_uring queue " + qid + " failed: " + ex.getMessage(), ex);
        }
    }

    private void command(int cmdOp, UringEntry e, long commitId) {
        MemorySegment sqe = nextSqe();
        sqe.set(JAVA_BYTE, SQE_OPCODE, (byte) IoUringAbi.IORING_OP_URING_CMD);
        sqe.set(JAVA_INT, SQE_FD, devFd);
        sqe.set(JAVA_INT, SQE_CMD_OP, cmdOp);
        if (cmdOp == OperationFlags.IO_URING_CMD_REGISTER) {
            sqe.set(JAVA_LONG, SQE_ADDR, e.iovecs.address());
            sqe.set(JAVA_INT, SQE_LEN, 2);
        }
        sqe.set(JAVA_LONG, SQE_USER_DATA, e.index);
        sqe.set(JAVA_LONG, CMD_COMMIT_ID, commitId);
        sqe.set(JAVA_SHORT, CMD_QID, (short) qid);
    }

    private void armWake() {
        MemorySegment sqe = nextSqe();
        sqe.set(JAVA_BYTE, SQE_OPCODE, (byte) IORING_OP_POLL_ADD);
        sqe.set(JAVA_INT, SQE_FD, eventFd);
        sqe.set(JAVA_INT, SQE_POLL_EVENTS, POLLIN);
        sqe.set(JAVA_LONG, SQE_USER_DATA, WAKE);
    }

    private MemorySegment nextSqe() {
        MemorySegment sqe = ring.nextSqe();
        if (sqe != null) {
            return sqe;
        }
        try { // more commands than entries at once cannot happen (2 x depth + 2): hand what is there over first
            ring.submitAndWait(0);
        } catch (LibcException ex) {
            throw new IllegalStateException("io_uring queue " + qid + ": submitting failed: " + ex.getMessage(), ex);
        }
        sqe = ring.nextSqe();
        if (sqe == null) {
            throw new IllegalStateException("io_uring queue " + qid + ": no submission entry free after submitting");
        }
        return sqe;
    }

    @Override
    public ReplySink notifications() {
        return notifications;
    }

    /** Closes the ring (which cancels the commands the kernel still holds) and the {@code eventfd}. */
    @Override
    public void close() {
        ring.close();
        try {
            DescriptorCalls.close(eventFd);
        } catch (LibcException e) {
            // released anyway
        }
    }

    @Override
    public String toString() {
        return "io_uring queue " + qid;
    }
}
