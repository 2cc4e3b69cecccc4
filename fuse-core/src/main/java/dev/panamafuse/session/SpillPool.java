package dev.panamafuse.session;

import java.lang.foreign.Arena;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Slots for requests that wait while the {@link SlotPool} runs low: a request about to wait on a
 * virtual thread moves into one of these and gives its pooled slot back, so the readers always
 * find a slot to read into (see {@link Session}). Four sizes — request buffer of
 * {@value #SMALL} bytes or the pooled size, reply buffer likewise — so a lock request does not
 * take a megabyte. Spill slots are allocated from the session's arena on first need and reused,
 * last released first, within a byte budget (the pooled slots' own size by default): no
 * allocation per use once warm, and memory bounded however many requests wait. When the budget
 * is spent, {@link #take} answers null and the request keeps its pooled slot (backpressure).
 */
final class SpillPool {
    /** The small buffer size: every frame but a large WRITE, every reply but large data. */
    static final long SMALL = 8192;

    private final Arena arena;
    private final long bigIn;
    private final long bigOut;
    private final long budget;
    /** Free slots per class (bit 0: big request buffer, bit 1: big reply buffer); guarded by {@code this}. */
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Slot>[] free = new ArrayDeque[] {
        new ArrayDeque<Slot>(), new ArrayDeque<Slot>(), new ArrayDeque<Slot>(), new ArrayDeque<Slot>()};
    private final List<Slot> all = new CopyOnWriteArrayList<>();
    private long allocated;

    /**
     * @param arena    where spill slots are allocated (the session's)
     * @param bigIn    the pooled request buffer size
     * @param bigOut   the pooled reply buffer size
     * @param budget   bytes of spill buffers at most
     */
    SpillPool(Arena arena, long bigIn, long bigOut, long budget) {
        this.arena = arena;
        this.bigIn = bigIn;
        this.bigOut = bigOut;
        this.budget = budget;
    }

    /**
     * A free slot whose buffers hold a frame of {@code n} bytes and a reply of {@code out} bytes,
     * or null when the budget is spent.
     */
    Slot take(int n, long out) {
        int kind = (n > SMALL ? 1 : 0) | (out > SMALL ? 2 : 0);
        long in = (kind & 1) != 0 ? bigIn : SMALL;
        long reply = (kind & 2) != 0 ? bigOut : SMALL;
        Slot slot;
        synchronized (this) {
            slot = free[kind].pollFirst();
            if (slot == null) {
                if (allocated + in + reply > budget) {
                    return null;
                }
                allocated += in + reply;
            }
        }
        if (slot == null) {
            try {
                slot = new Slot(arena, in, reply, kind);
                slot.allocateOwn(); // now, inside the budget's accounting: a failure is backpressure
            } catch (RuntimeException | OutOfMemoryError e) {
                synchronized (this) {
                    allocated -= in + reply;
                }
                return null;
            }
            all.add(slot);
        }
        return slot;
    }

    /** Gives a slot back once its request has been answered. */
    void release(Slot slot) {
        synchronized (this) {
            free[slot.spillKind].addFirst(slot);
        }
    }

    /** Every spill slot made so far, taken or free: what an INTERRUPT searches besides the pool. */
    List<Slot> all() {
        return all;
    }
}
