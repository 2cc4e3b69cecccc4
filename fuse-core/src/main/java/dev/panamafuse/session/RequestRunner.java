package dev.panamafuse.session;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.codec.MalformedFrameException;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.protocol.Opcode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.ThreadFactory;

/**
 * Runs one request and answers it: on the reader or on a virtual thread of its own, calls the
 * per-operation code ({@link Dispatcher#dispatch}), turns what it throws into an error reply
 * ({@link FuseException}: its errno; a malformed frame: {@code EIO}; anything else: {@code EIO}
 * with a rate-limited log line naming opcode and unique), sends the reply through the request's
 * {@link ReplySink}, and gives the slot back. Nothing here allocates on the way of a request
 * (bar the virtual thread, for requests the policy sends to one).
 */
final class RequestRunner {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    private final Dispatcher dispatcher;
    private final RequestSlots slots;
    private final Lifecycle life;
    private final ErrorLog errors;
    private final ThreadFactory handlers = Thread.ofVirtual().name("fuse-request").factory();

    RequestRunner(Dispatcher dispatcher, RequestSlots slots, Lifecycle life, ErrorLog errors) {
        this.dispatcher = dispatcher;
        this.slots = slots;
        this.life = life;
        this.errors = errors;
    }

    /**
     * Hands a decoded request to its handler: {@link #process} right here when {@code inline},
     * else on a new virtual thread.
     */
    void run(Slot slot, Opcode op, boolean inline) {
        slot.request.reset(slot.frame(), op);
        life.handling.increment();
        if (inline) {
            process(slot);
            return;
        }
        Runnable task = slot.task;
        if (task == null) { // once per slot: the slot is reused, its task with it
            task = () -> process(slot);
            slot.task = task;
        }
        try {
            handlers.newThread(task).start();
        } catch (RuntimeException | Error e) {
            life.handling.decrement();
            slot.request.finished();
            slots.release(slot);
            throw e;
        }
    }

    /** Handles the request in {@code slot} (its {@link Slot#task}), answers it and releases the slot. */
    void process(Slot slot) {
        RequestContext req = slot.request;
        Opcode op = req.opcode();
        long unique = req.unique();
        ReplyFrame out = slot.reply();
        boolean reply = op.hasReply();
        try {
            out.begin(unique);
            reply = op == Opcode.DESTROY ? destroy(out) : dispatcher.dispatch(op, slot);
        } catch (FuseException e) {
            out.error(unique, e.errno().code());
        } catch (MalformedFrameException e) {
            errors.problem("malformed " + op, op + " unique " + unique + ": malformed frame: " + e.getMessage());
            out.error(unique, Errno.EIO.code());
        } catch (Throwable t) {
            errors.failure(op + " unique " + unique + " nodeid " + req.nodeid() + ": handler threw", t);
            out.error(unique, Errno.EIO.code());
        }
        try {
            if (reply && op.hasReply()) {
                send(slot, op);
            }
        } finally {
            req.finished();
            life.handling.decrement();
            slots.release(slot);
        }
    }

    /** FUSE_DESTROY: the other requests finish (bounded), the filesystem is destroyed, then the empty answer. */
    private boolean destroy(ReplyFrame out) throws InterruptedException {
        life.destroyRequested();
        out.finish();
        return true;
    }

    /** Answers a request the session handles itself with an error (none for unique 0) and releases its slot. */
    void replyInline(Slot slot, long unique, Errno errno) {
        try {
            if (unique != 0) {
                slot.reply().error(unique, errno.code());
                send(slot, null);
            }
        } finally {
            slots.release(slot);
        }
    }

    /**
     * Sends the slot's reply through the sink of the transport that delivered its request (for
     * {@code /dev/fuse}, the descriptor that read it: the kernel answers a reply written to
     * another clone with {@code ENOENT}, which would leave the request waiting forever). A failure
     * is logged while the session runs, and otherwise ignored: the kernel has gone.
     */
    void send(Slot slot, Opcode op) {
        try {
            slot.sink.send(slot.reply(), slot.callState());
        } catch (IOException | RuntimeException e) {
            if (!life.ended() && life.running) {
                LOG.log(Level.WARNING, "writing the reply to " + (op == null ? "a request" : op.name()) + " unique "
                        + slot.reply().unique() + " failed: " + e.getMessage());
            }
        }
    }
}
