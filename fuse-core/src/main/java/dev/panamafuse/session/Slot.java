package dev.panamafuse.session;

import dev.panamafuse.codec.DirentWriter;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Transport SPI, for the transports of {@code dev.panamafuse.ffm}: one request in flight, as a
 * {@link FuseTransport} fills it and the per-operation code reads and answers it. A slot holds
 * the views of the request ({@link RequestFrame}: {@code fuse_in_header}, the operation's struct,
 * the payload), the reply being built ({@link ReplyFrame}), the sink the reply goes to, and the
 * session's per-request state.
 *
 * <p>The request's memory is either the slot's own — a page-aligned buffer from the session's
 * arena that a copying transport fills ({@link #in()}, as {@code read(2)} does) — or the
 * transport's, {@linkplain #bind bound} for this request only (an io_uring ring entry filled by
 * the kernel, a virtio-fs descriptor in guest memory). The slot's own buffers are allocated on
 * first use, so a transport that always binds costs no pooled buffer memory. Either way the
 * memory stays valid until the reply has been sent.
 *
 * <p>A rule for the per-operation code, which a binding transport relies on: read what the
 * request carries (names, data) before writing the reply's body, since the reply may be laid over
 * the request's payload (FUSE over io_uring shares one payload buffer between the two). The
 * reply's header may be written at any time; {@code IOCTL}, whose handler gets its input and its
 * output buffer at once, is the one exception, and a binding transport gives it a separate reply.
 *
 * <p>Slots come from a bounded pool, so a request allocates nothing; a slot is owned by one
 * thread at a time (the reader, then the request's handler).
 */
public final class Slot {
    private static final long PAGE = 4096;

    private final Arena arena;
    private final long inSize;
    private final long outSize;
    private final MemorySegment callState;
    private final RequestFrame frame = new RequestFrame();
    private final DirentWriter dirents = new DirentWriter();
    private MemorySegment ownIn;
    private ReplyFrame ownReply;
    /** The transport's memory for the current request, or null: {@link #bind}. */
    private MemorySegment boundIn;
    private ReplyFrame boundReply;
    final RequestContext request = new RequestContext();
    /** Runs the slot's request on a virtual thread: made by {@link RequestRunner} on first need. */
    Runnable task;
    /** Where the current request's reply goes: set by the transport that delivered it. */
    ReplySink sink;
    /** {@link #spillKind} of a slot of the {@link SlotPool}. */
    static final int POOLED = -1;
    /** {@link #spillKind} of a reader's reserve slot, read into when the pool has none free. */
    static final int RESERVE = -2;

    /** The {@link SpillPool} class of a spill slot (0 to 3), or {@link #POOLED} or {@link #RESERVE}. */
    final int spillKind;

    /**
     * Makes a slot whose own buffers are allocated from {@code arena} on first use.
     *
     * @param arena   the session's arena
     * @param inSize  request buffer size (at least {@code FUSE_MIN_READ_BUFFER})
     * @param outSize reply buffer size (at least 4096)
     */
    public Slot(Arena arena, long inSize, long outSize) {
        this(arena, inSize, outSize, POOLED);
    }

    Slot(Arena arena, long inSize, long outSize, int spillKind) {
        this.arena = arena;
        this.inSize = inSize;
        this.outSize = outSize;
        this.spillKind = spillKind;
        this.callState = arena.allocate(Linker.Option.captureStateLayout());
    }

    /**
     * The slot's own request buffer, for a transport that copies each frame in (page-aligned,
     * at least {@code max_write + 4096} bytes). Valid as long as the session.
     *
     * @return the buffer
     */
    public MemorySegment in() {
        MemorySegment in = ownIn;
        return in != null ? in : allocateIn();
    }

    /** Allocates the request buffer on first use: out of line, so that {@link #in()} stays small enough to inline. */
    private MemorySegment allocateIn() {
        ownIn = arena.allocate(inSize, PAGE);
        return ownIn;
    }

    /**
     * The reply being built for the current request: the transport's bound frame, else the slot's
     * own. A {@link ReplySink} receives it completed.
     *
     * @return the reply frame
     */
    public ReplyFrame reply() {
        ReplyFrame r = boundReply;
        if (r != null) {
            return r;
        }
        r = ownReply;
        return r != null ? r : allocateReply();
    }

    /** Allocates the slot's own reply buffers on first use: out of line, so that {@link #reply()} inlines. */
    private ReplyFrame allocateReply() {
        MemorySegment iovecs = arena.allocate((long) ReplyFrame.MAX_IOVECS * ReplyFrame.IOVEC_SIZE, 8);
        ownReply = new ReplyFrame(arena.allocate(outSize, PAGE), iovecs);
        return ownReply;
    }

    /**
     * Scratch memory for a transport's {@code Linker.Option.captureCallState("errno")}, owned by
     * whoever owns the slot.
     *
     * @return the segment
     */
    public MemorySegment callState() {
        return callState;
    }

    /**
     * Names the sink the current request's reply goes to; a transport calls it in every
     * {@link FuseTransport#receive(Slot)}.
     *
     * @param replies the sink, e.g. the descriptor that read the request or its ring entry
     */
    public void replyTo(ReplySink replies) {
        this.sink = Objects.requireNonNull(replies, "replies");
    }

    /**
     * Points the slot at memory the transport owns, for the current request only: the frame as
     * the kernel wrote it (header, operation struct and payload, one after the other) and a reply
     * frame over the memory the reply is committed from. Both must stay valid and unchanged until
     * the reply has been sent; the next {@link FuseTransport#receive(Slot)} starts unbound.
     *
     * @param request the received frame, at least its length long
     * @param reply   the reply frame to build the answer in
     */
    public void bind(MemorySegment request, ReplyFrame reply) {
        this.boundIn = Objects.requireNonNull(request, "request");
        this.boundReply = Objects.requireNonNull(reply, "reply");
    }

    /** Allocates the slot's own buffers now rather than on first use. */
    void allocateOwn() {
        in();
        if (boundReply == null) {
            reply();
        }
    }

    /** Forgets the previous request's binding and sink, before the next receive. */
    void clear() {
        boundIn = null;
        boundReply = null;
        sink = null;
    }

    /** Where the current request's frame is: the bound memory, or the slot's own buffer. */
    MemorySegment received() {
        return boundIn != null ? boundIn : in();
    }

    RequestFrame frame() {
        return frame;
    }

    DirentWriter dirents() {
        return dirents;
    }
}
