package dev.panamafuse.session;

import static dev.panamafuse.protocol.RequestStructs.FUSE_INTERRUPT_IN;

import dev.panamafuse.Errno;
import dev.panamafuse.codec.MalformedFrameException;
import dev.panamafuse.codec.RequestFrame;

/**
 * {@code FUSE_INTERRUPT}, handled on the reader: finds the request the interrupt names in any
 * slot (pooled, spill or reserve) and marks it interrupted, which runs its
 * {@link dev.panamafuse.Request#onInterrupt} callbacks; the handler decides what to do (never
 * {@code Thread.interrupt()}). The interrupt itself gets no reply — unless its target has not been
 * seen yet (the interrupt overtook it): then {@code EAGAIN}, and the kernel queues it again.
 */
final class Interrupts {
    private final RequestSlots slots;
    private final RequestRunner runner;

    Interrupts(RequestSlots slots, RequestRunner runner) {
        this.slots = slots;
        this.runner = runner;
    }

    /** Handles one INTERRUPT frame and releases its slot. */
    void handle(Slot slot) {
        RequestFrame in = slot.frame();
        long target;
        try {
            target = in.getLong(in.argument(FUSE_INTERRUPT_IN.byteSize()));
        } catch (MalformedFrameException e) {
            slots.release(slot);
            return;
        }
        if (slots.interrupt(target)) {
            slots.release(slot);
        } else {
            runner.replyInline(slot, in.unique(), Errno.EAGAIN);
        }
    }
}
