package dev.panamafuse.ffm.internal;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.ffm.uring.IoUringAbi;
import dev.panamafuse.protocol.DeviceStructs;
import dev.panamafuse.protocol.Kernel;
import dev.panamafuse.protocol.MessageStructs;
import dev.panamafuse.session.ReplySink;
import dev.panamafuse.session.Slot;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One ring entry of a {@link UringQueue}: the header buffer ({@code fuse_uring_req_header}) and
 * the payload buffer the kernel was handed with {@code FUSE_IO_URING_CMD_REGISTER}, and the sink
 * that answers the entry's request with {@code COMMIT_AND_FETCH}.
 *
 * <p>The payload buffer is the tail of one region whose first page is kept free: when a request
 * arrives its {@code fuse_in_header} and operation struct (at most 168 bytes, never data) are
 * copied into the end of that page, so header, struct and payload read as one frame, and the
 * reply frame is laid over the last 16 bytes of the page (its {@code fuse_out_header}) and the
 * payload (its body). The per-operation code reads its request before it writes the reply's body
 * (see {@link Slot}), and the reply's header is written when the reply is completed. {@code IOCTL}
 * holds its input and output at once, so it gets a reply frame of its own, copied in on commit.
 */
final class UringEntry implements ReplySink {
    private static final long ROOM = 4096;
    private static final long IN_HEADER = MessageStructs.FUSE_IN_HEADER.byteSize();
    private static final long OUT_HEADER = MessageStructs.FUSE_OUT_HEADER.byteSize();
    private static final long IN_OUT = DeviceStructs.FUSE_URING_REQ_HEADER.byteOffset(groupElement("in_out"));
    private static final long OP_IN = DeviceStructs.FUSE_URING_REQ_HEADER.byteOffset(groupElement("op_in"));
    private static final long COMMIT_ID = DeviceStructs.FUSE_URING_REQ_HEADER.byteOffset(
            groupElement("ring_ent_in_out"), groupElement("commit_id"));
    private static final long PAYLOAD_SZ = DeviceStructs.FUSE_URING_REQ_HEADER.byteOffset(
            groupElement("ring_ent_in_out"), groupElement("payload_sz"));
    private static final long LEN = MessageStructs.FUSE_IN_HEADER.byteOffset(groupElement("len"));
    private static final long OPCODE = MessageStructs.FUSE_IN_HEADER.byteOffset(groupElement("opcode"));
    private static final long OUT_ERROR = MessageStructs.FUSE_OUT_HEADER.byteOffset(groupElement("error"));
    private static final long OUT_UNIQUE = MessageStructs.FUSE_OUT_HEADER.byteOffset(groupElement("unique"));
    private static final int FUSE_IOCTL = 39;

    final int index;
    private final UringQueue queue;
    private final Arena arena;
    /** The {@code fuse_uring_req_header} the kernel writes into and reads the reply header from. */
    final MemorySegment header;
    private final MemorySegment region;
    private final MemorySegment payload;
    /** The two {@code iovec}s of the registration: header buffer, payload buffer. */
    final MemorySegment iovecs;
    private final ReplyFrame reply;
    private ReplyFrame ioctlReply;

    UringEntry(UringQueue queue, int index, long payloadSize, Arena arena) {
        this.queue = queue;
        this.index = index;
        this.arena = arena;
        this.header = arena.allocate(DeviceStructs.FUSE_URING_REQ_HEADER.byteSize(), 4096);
        this.region = arena.allocate(ROOM + payloadSize, 4096);
        this.payload = region.asSlice(ROOM);
        this.iovecs = arena.allocate(IoUringAbi.IOVEC, 2);
        iovecs.set(JAVA_LONG, 0, header.address());
        iovecs.set(JAVA_LONG, 8, header.byteSize());
        iovecs.set(JAVA_LONG, 16, payload.address());
        iovecs.set(JAVA_LONG, 24, payload.byteSize());
        this.reply = newReply(region.asSlice(ROOM - OUT_HEADER));
    }

    private ReplyFrame newReply(MemorySegment buffer) {
        return new ReplyFrame(buffer, arena.allocate((long) ReplyFrame.MAX_IOVECS * ReplyFrame.IOVEC_SIZE, 8));
    }

    /**
     * Makes the request the kernel put into this entry one frame and binds {@code slot} to it.
     *
     * @return the frame's length
     */
    int deliver(Slot slot) {
        long payloadSize = Integer.toUnsignedLong(header.get(JAVA_INT, PAYLOAD_SZ));
        long len = Integer.toUnsignedLong(header.get(JAVA_INT, IN_OUT + LEN));
        long opSize = len - IN_HEADER - payloadSize;
        if (opSize < 0 || opSize > Kernel.FUSE_URING_OP_IN_OUT_SZ || payloadSize > payload.byteSize()) {
            // not a frame the kernel writes: deliver the header alone, which the session refuses as malformed
            opSize = 0;
            payloadSize = 0;
        }
        long start = ROOM - IN_HEADER - opSize;
        MemorySegment.copy(header, IN_OUT, region, start, IN_HEADER);
        MemorySegment.copy(header, OP_IN, region, ROOM - opSize, opSize);
        boolean ioctl = header.get(JAVA_INT, IN_OUT + OPCODE) == FUSE_IOCTL;
        if (ioctl && ioctlReply == null) {
            ioctlReply = newReply(arena.allocate(OUT_HEADER + payload.byteSize(), 4096));
        }
        slot.bind(region.asSlice(start, IN_HEADER + opSize + payloadSize), ioctl ? ioctlReply : reply);
        slot.replyTo(this);
        return (int) (IN_HEADER + opSize + payloadSize);
    }

    /** {@return the {@code commit_id} the kernel gave the entry's request} */
    long commitId() {
        return header.get(JAVA_LONG, COMMIT_ID);
    }

    /**
     * Commits a completed reply: its header into {@code in_out}, its body into the payload
     * buffer (in place when it was built there, else copied in) and its size into
     * {@code payload_sz}; then {@code COMMIT_AND_FETCH} through the queue.
     */
    @Override
    public void send(ReplyFrame r, MemorySegment callState) {
        long body = 0;
        if (r.errorCode() == 0) {
            MemorySegment first = r.part(0);
            long firstBody = first.byteSize() - OUT_HEADER;
            if (r != reply) {
                MemorySegment.copy(first, OUT_HEADER, payload, 0, firstBody);
            }
            body = firstBody;
            if (r.iovecCount() > 1) {
                MemorySegment attached = r.part(1);
                MemorySegment.copy(attached, 0, payload, body, attached.byteSize());
                body += attached.byteSize();
            }
        }
        header.set(JAVA_INT, IN_OUT + OUT_ERROR, r.errorCode());
        header.set(JAVA_LONG, IN_OUT + OUT_UNIQUE, r.unique());
        header.set(JAVA_INT, PAYLOAD_SZ, (int) body);
        queue.commit(this);
    }

    @Override
    public String toString() {
        return "io_uring entry " + index + " of queue " + queue.qid;
    }
}
