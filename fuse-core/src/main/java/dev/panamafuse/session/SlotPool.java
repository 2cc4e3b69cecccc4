package dev.panamafuse.session;

import java.lang.foreign.Arena;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pool of {@link Slot}s allocated from the session's arena on first need and reused.
 * {@link #acquire(long)} waits while every slot is in flight: that is the session's
 * backpressure for bursts, and memory stays bounded by {@code capacity * (inSize + outSize)}
 * (past a short wait the readers use their reserve slots and the {@link SpillPool}, see
 * {@link Session}).
 */
final class SlotPool {
    private final Arena arena;
    private final long inSize;
    private final long outSize;
    private final int capacity;
    private final Semaphore permits;
    /** Free slots, last released first (its buffers are the likeliest to be in cache); no allocation per use. */
    private final ArrayDeque<Slot> free = new ArrayDeque<>();
    private final List<Slot> all = new CopyOnWriteArrayList<>();

    SlotPool(Arena arena, int capacity, long inSize, long outSize) {
        this.arena = arena;
        this.capacity = capacity;
        this.inSize = inSize;
        this.outSize = outSize;
        this.permits = new Semaphore(capacity);
    }

    /** Takes a slot, waiting up to {@code timeoutMillis}; null on timeout. */
    Slot acquire(long timeoutMillis) throws InterruptedException {
        if (!permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return null;
        }
        Slot slot;
        synchronized (free) {
            slot = free.pollFirst();
        }
        if (slot == null) {
            try {
                slot = new Slot(arena, inSize, outSize);
                all.add(slot);
            } catch (RuntimeException | Error e) {
                permits.release();
                throw e;
            }
        }
        return slot;
    }

    void release(Slot slot) {
        synchronized (free) {
            free.addFirst(slot);
        }
        permits.release();
    }

    /** Every slot made so far, taken or free: what an INTERRUPT searches for its request. */
    List<Slot> all() {
        return all;
    }

    /** Waits until no slot is taken; true if that happened within the timeout. */
    boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        if (!permits.tryAcquire(capacity, timeoutMillis, TimeUnit.MILLISECONDS)) {
            return false;
        }
        permits.release(capacity);
        return true;
    }
}
