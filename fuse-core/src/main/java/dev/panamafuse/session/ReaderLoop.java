package dev.panamafuse.session;

import dev.panamafuse.Errno;
import dev.panamafuse.codec.MalformedFrameException;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.Opcode;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * The reader threads: platform threads (a blocking foreign call pins a virtual thread's carrier),
 * one per {@link FuseTransport}, each taking a slot, {@linkplain FuseTransport#receive receiving}
 * one request into it and routing it: {@code INIT} to the {@link InitHandshake}, {@code INTERRUPT}
 * to {@link Interrupts}, every other request past the {@link AccessCheck} to the
 * {@link RequestRunner}, inline or on a virtual thread as {@link InlinePolicy} says.
 *
 * <p>When no pooled slot comes free within {@link RequestSlots#RESERVE_AFTER_MILLIS} the reader
 * reads with a reserve slot of its own, and a request read into it that is bound for a virtual
 * thread moves into a spill slot: a request that waits never stops the reading. A reader that
 * dies of anything but the end of the connection aborts it ({@link Lifecycle#readerLeft}).
 */
final class ReaderLoop {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    private final MountOptions options;
    private final RequestSlots slots;
    private final Lifecycle life;
    private final RequestRunner runner;
    private final AccessCheck access;
    private final ErrorLog errors;
    private InitHandshake init;
    private Interrupts interrupts;
    private FuseTransport first;

    ReaderLoop(MountOptions options, RequestSlots slots, Lifecycle life, RequestRunner runner, AccessCheck access,
            ErrorLog errors) {
        this.options = options;
        this.slots = slots;
        this.life = life;
        this.runner = runner;
        this.access = access;
        this.errors = errors;
    }

    /** Completes the wiring: the jobs the loop routes to, and the first reader's transport. */
    void routeTo(InitHandshake initHandshake, Interrupts interruptHandler, FuseTransport transport) {
        this.init = initHandshake;
        this.interrupts = interruptHandler;
        this.first = transport;
    }

    /** Starts the first reader, which answers INIT and then starts the others. */
    void startFirst() {
        start(first, 0);
    }

    /** Starts readers 1 .. {@code readers - 1}, each on a transport of its own; after INIT. */
    void startOthers() {
        int readers = first.readers(options.readers());
        for (int i = 1; i < readers; i++) {
            try {
                start(first.forReader(), i);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not add reader " + i + ": " + e.getMessage());
                return;
            }
        }
    }

    private void start(FuseTransport t, int index) {
        life.readerStarting(t);
        try {
            Thread.ofPlatform().name("fuse-reader-" + index).daemon(true).start(() -> loop(t));
        } catch (RuntimeException | Error e) {
            life.readerNotStarted();
            throw e;
        }
    }

    private void loop(FuseTransport t) {
        Throwable died = null;
        try {
            Slot reserve = null;
            boolean starved = false;
            while (life.running) {
                // once the pool has been found exhausted, do not wait for it again until it has a slot
                Slot slot = slots.acquire(starved);
                starved = slot == null;
                if (slot == null) {
                    // every pooled slot has been taken for a while: requests wait. Read on with this
                    // reader's own slot, so INTERRUPT and the request that ends a wait get through.
                    if (reserve == null) {
                        reserve = slots.newReserve();
                    }
                    slot = reserve;
                }
                slot.clear();
                int n;
                try {
                    n = t.receive(slot);
                } catch (IOException | RuntimeException e) {
                    slots.release(slot);
                    if (life.running) {
                        life.failure = "reading the FUSE device failed: " + e.getMessage();
                        LOG.log(Level.ERROR, life.failure, e);
                    }
                    break;
                }
                if (n < 0) {
                    life.connectionEnded();
                    slots.release(slot);
                    break;
                }
                if (slot.sink == null) {
                    throw new IllegalStateException(t + " delivered a request without naming its reply sink");
                }
                route(slot, n);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            died = e;
        } finally {
            life.readerLeft(t, died);
        }
    }

    private void route(Slot slot, int n) {
        RequestFrame frame = slot.frame();
        try {
            frame.wrap(slot.received(), n);
        } catch (MalformedFrameException e) {
            long unique = RequestFrame.peekUnique(slot.received(), n);
            errors.problem("malformed frame", "malformed request frame (unique " + unique + "): " + e.getMessage());
            runner.replyInline(slot, unique, Errno.EIO);
            return;
        }
        if (frame.unique() == 0) {
            // the kernel numbers every request; unique 0 is how a notification goes out, never an answer
            errors.problem("unique 0", "request frame with unique 0 (opcode " + frame.opcode() + ") ignored");
            slots.release(slot);
            return;
        }
        Opcode op = Opcode.of(frame.opcode());
        if (options.debug()) {
            LOG.log(Level.DEBUG, () -> "unique=" + frame.unique() + " " + (op == null ? "opcode " + frame.opcode()
                    : op.name()) + " nodeid=" + frame.nodeid() + " len=" + frame.len());
        }
        if (op == null) {
            runner.replyInline(slot, frame.unique(), Errno.ENOSYS);
            return;
        }
        switch (op) {
            case INIT -> init.handle(slot, this::startOthers);
            case INTERRUPT -> interrupts.handle(slot);
            case NOTIFY_REPLY -> slots.release(slot);
            case CUSE_INIT, SETUPMAPPING, REMOVEMAPPING -> runner.replyInline(slot, frame.unique(), Errno.ENOSYS);
            default -> request(slot, n, op);
        }
    }

    private void request(Slot slot, int n, Opcode op) {
        RequestFrame frame = slot.frame();
        if (life.connection == null) {
            if (op.hasReply()) {
                runner.replyInline(slot, frame.unique(), Errno.EIO);
            } else {
                slots.release(slot);
            }
            return;
        }
        if (access.refused(frame, op)) {
            runner.replyInline(slot, frame.unique(), Errno.EACCES);
            return;
        }
        boolean inline = InlinePolicy.inline(options.dispatch(), op);
        Slot run = inline ? slot : slots.spillIfReserve(slot, n, op);
        runner.run(run, op, inline || run.spillKind == Slot.RESERVE); // no spill slot left: wait here
    }
}
