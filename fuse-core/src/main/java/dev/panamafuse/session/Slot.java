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
    /** The arena of a slot made for one waiting request ({@link #detached}); null for pooled slots. */
    final Arena own;

    /**
     * Allocates a slot from {@code arena}.
     *
     * @param arena   the session's arena
     * @param inSize  request buffer size (at least {@code FUSE_MIN_READ_BUFFER})
     * @param outSize reply buffer size
     */
    public Slot(Arena arena, long inSize, long outSize) {
        this(arena, inSize, outSize, PAGE, null);
    }

    private Slot(Arena arena, long inSize, long outSize, long alignment, Arena own) {
        this.own = own;
        this.in = arena.allocate(inSize, alignment);
        this.callState = arena.allocate(Linker.Option.captureStateLayout());
        MemorySegment iovecs = arena.allocate((long) ReplyFrame.MAX_IOVECS * ReplyFrame.IOVEC_SIZE, 8);
        this.reply = new ReplyFrame(arena.allocate(outSize, alignment), iovecs);
    }

    /**
     * Copies the request of {@code from} into memory of its own, so {@code from} can go back to
     * the pool while the request waits: the request buffer is exactly the frame's {@code n} bytes,
     * the reply buffer {@code outSize}. The caller closes {@link #own} once the request is answered.
     *
     * @param from    the pooled slot holding the request
     * @param n       the frame's length
     * @param outSize the reply buffer's size (enough for the largest reply the request may get)
     * @return the new slot, its frame not yet wrapped
     */
    static Slot detached(Slot from, int n, long outSize) {
        Arena arena = Arena.ofShared();
        try {
            Slot s = new Slot(arena, Math.max(n, 8), outSize, 8, arena);
            MemorySegment.copy(from.in, 0, s.in, 0, n);
            s.source = from.source;
            return s;
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
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
