package dev.panamafuse.session;

import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.Kernel;
import dev.panamafuse.protocol.Opcode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The session's request memory and its backpressure: the bounded {@link SlotPool} the readers
 * take slots from, one reserve slot per reader for when every pooled slot has been taken for
 * {@link #RESERVE_AFTER_MILLIS} (the requests in them wait), and the {@link SpillPool} that
 * waiting requests move into so the reserve is free for the next frame. All of it lives in one
 * shared arena, freed by {@link #free()} once nothing uses it.
 */
final class RequestSlots {
    /**
     * How long a reader waits for a pooled slot before it reads with its reserve slot instead:
     * short enough that an INTERRUPT or an unlock is read at once when requests wait, long enough
     * that a burst of quick requests keeps the pool's backpressure.
     */
    static final long RESERVE_AFTER_MILLIS = 10;

    private final Arena arena = Arena.ofShared();
    private final long bufferSize;
    private final SlotPool pool;
    /** Slots for requests that wait while the pool is exhausted (see {@link #spillIfReserve}). */
    private final SpillPool spill;
    /** The reserve slots of the readers (one each, made when first needed): an INTERRUPT searches them too. */
    private final List<Slot> reserves = new CopyOnWriteArrayList<>();
    private final ErrorLog errors;

    /**
     * @param options  buffer sizes ({@code max_write}) and the pool's size ({@code max_in_flight})
     * @param errors   where a spent spill budget is reported
     */
    RequestSlots(MountOptions options, ErrorLog errors) {
        this.errors = errors;
        this.bufferSize = Math.max(Kernel.FUSE_MIN_READ_BUFFER, options.maxWrite() + 4096L);
        this.pool = new SlotPool(arena, options.maxInFlight(), bufferSize, bufferSize);
        this.spill = new SpillPool(arena, bufferSize, bufferSize, 2L * bufferSize * options.maxInFlight());
    }

    /** The session's arena, for memory that lives as long as the session (the notifier's frame). */
    Arena arena() {
        return arena;
    }

    /**
     * A pooled slot, waiting up to {@link #RESERVE_AFTER_MILLIS} (not at all when the pool was
     * found exhausted last time); null when none came free.
     */
    Slot acquire(boolean starved) throws InterruptedException {
        return pool.acquire(starved ? 0 : RESERVE_AFTER_MILLIS);
    }

    /** A new reserve slot for one reader. */
    Slot newReserve() {
        Slot reserve = new Slot(arena, bufferSize, bufferSize, Slot.RESERVE);
        reserves.add(reserve);
        return reserve;
    }

    /** Gives a slot back to where it came from (a reserve stays with its reader). */
    void release(Slot slot) {
        if (slot.spillKind == Slot.POOLED) {
            pool.release(slot);
        } else if (slot.spillKind != Slot.RESERVE) {
            spill.release(slot);
        }
    }

    /**
     * Moves a request that was read with a reader's reserve slot (every pooled slot was taken: the
     * requests in them wait — a lock held by another process, a poll, a slow handler) and is about
     * to run on a virtual thread into a {@link SpillPool} slot, so the reader has its reserve back
     * for the next frame. The readers therefore never stop reading while requests wait: the
     * request that ends the wait (the unlock) and the kernel's {@code INTERRUPT} for a killed
     * waiter are read however many requests wait, up to the spill budget (as large again as the
     * pool); past it the request runs on the reader (backpressure).
     *
     * @return the slot to run the request in: a spill slot, or {@code slot} itself
     */
    Slot spillIfReserve(Slot slot, int n, Opcode op) {
        if (slot.spillKind != Slot.RESERVE) {
            return slot;
        }
        MemorySegment from = slot.received();
        Slot s = spill.take(n, ReplyCapacity.of(op, from, n, bufferSize));
        if (s == null) {
            errors.problem("spill budget", "every request slot and the spill budget are taken: " + op
                    + " runs on its reader until requests finish");
            return slot;
        }
        MemorySegment.copy(from, 0, s.in(), 0, n);
        s.sink = slot.sink;
        s.frame().wrap(s.in(), n);
        return s;
    }

    /** Interrupts the request with unique {@code target} in whichever slot holds it; false if none. */
    boolean interrupt(long target) {
        return interruptIn(pool.all(), target) || interruptIn(spill.all(), target) || interruptIn(reserves, target);
    }

    private static boolean interruptIn(List<Slot> slots, long target) {
        for (Slot s : slots) {
            if (s.request.interruptIf(target)) {
                return true;
            }
        }
        return false;
    }

    /** Waits until no pooled slot is taken; true if that happened within the timeout. */
    boolean awaitIdle(long millis) throws InterruptedException {
        return pool.awaitIdle(millis);
    }

    /** Frees every slot's memory; nothing may use a slot afterwards. */
    void free() {
        arena.close();
    }
}
