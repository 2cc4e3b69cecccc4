package dev.panamafuse.session;

import dev.panamafuse.codec.DirentWriter;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;

/**
 * The memory of one request in flight: a page-aligned request buffer the reader fills, a reply
 * buffer with its iovec array, a segment for capturing errno, and the reusable views over them.
 * Slots come from a fixed pool, so a request allocates no native memory; a slot is owned by one
 * thread at a time (the reader, then the request's handler).
 */
public final class Slot {
    private static final long PAGE = 4096;

    private final MemorySegment in;
    private final MemorySegment callState;
    private final RequestFrame frame = new RequestFrame();
    private final ReplyFrame reply;
    private final DirentWriter dirents = new DirentWriter();
    final RequestContext request = new RequestContext();
    Runnable task;
    /** The channel that read the request: its reply must go back through the same fd. */
    FuseChannel source;
    /** {@link #spillKind} of a slot of the {@link SlotPool}. */
    static final int POOLED = -1;
    /** {@link #spillKind} of a reader's reserve slot, read into when the pool has none free. */
    static final int RESERVE = -2;

    /** The {@link SpillPool} class of a spill slot (0 to 3), or {@link #POOLED} or {@link #RESERVE}. */
    final int spillKind;

    /**
     * Allocates a slot from {@code arena}.
     *
     * @param arena   the session's arena
     * @param inSize  request buffer size (at least {@code FUSE_MIN_READ_BUFFER})
     * @param outSize reply buffer size
     */
    public Slot(Arena arena, long inSize, long outSize) {
        this(arena, inSize, outSize, POOLED);
    }

    Slot(Arena arena, long inSize, long outSize, int spillKind) {
        this.spillKind = spillKind;
        this.in = arena.allocate(inSize, PAGE);
        this.callState = arena.allocate(Linker.Option.captureStateLayout());
        MemorySegment iovecs = arena.allocate((long) ReplyFrame.MAX_IOVECS * ReplyFrame.IOVEC_SIZE, 8);
        this.reply = new ReplyFrame(arena.allocate(outSize, PAGE), iovecs);
    }

    /** The request buffer a channel reads one frame into. */
    public MemorySegment in() {
        return in;
    }

    /** The completed reply a channel writes. */
    public ReplyFrame reply() {
        return reply;
    }

    /** Scratch memory for a transport's {@code Linker.Option.captureCallState("errno")}. */
    public MemorySegment callState() {
        return callState;
    }

    RequestFrame frame() {
        return frame;
    }

    DirentWriter dirents() {
        return dirents;
    }
}
