package dev.panamafuse.session;

import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.codec.MalformedFrameException;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.mount.ConnectionInfo;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.InitFlags;
import dev.panamafuse.protocol.Opcode;
import java.lang.System.Logger.Level;

/**
 * Answers the kernel's {@code FUSE_INIT} on the first reader: {@link InitNegotiator} chooses the
 * minor and the capabilities, {@link FileSystem#init} sees the outcome, the reply is sent, and the
 * other readers start. A refused or malformed INIT, or a failing {@code init}, is answered with an
 * error and recorded as the session's failure ({@code awaitInit} reports it); a repeated INIT is
 * refused with {@code EPROTO} and changes nothing. {@code wanted} is what the session asks the
 * kernel for ({@link InitNegotiator#wanted}).
 */
record InitHandshake(FileSystem fs, MountOptions options, Dispatcher dispatcher, FuseTransport transport,
        Lifecycle life, RequestRunner runner, RequestSlots slots, ErrorLog errors, long wanted) {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    /**
     * Handles one INIT frame and releases its slot.
     *
     * @param slot     the INIT request
     * @param startAll starts the readers beyond the first once INIT has succeeded
     */
    void handle(Slot slot, Runnable startAll) {
        RequestFrame in = slot.frame();
        long unique = in.unique();
        if (life.connection != null) {
            errors.problem("repeated INIT", "FUSE_INIT (unique " + unique
                    + ") after the connection was set up: refused, the session stays as it was");
            runner.replyInline(slot, unique, Errno.EPROTO);
            return;
        }
        ReplyFrame out = slot.reply();
        out.begin(unique);
        InitNegotiator.Outcome outcome;
        try {
            outcome = InitNegotiator.negotiate(in, out, options, wanted, transport);
        } catch (MalformedFrameException e) {
            fail(slot, unique, "malformed FUSE_INIT: " + e.getMessage(), Errno.EIO, null);
            return;
        }
        if (outcome.refusal() != null) {
            fail(slot, unique, outcome.refusal(), Errno.EPROTO, null);
            return;
        }
        ConnectionInfo c = outcome.connection();
        if (c != null) {
            try {
                fs.init(c);
            } catch (RuntimeException e) {
                fail(slot, unique, "FileSystem.init failed: " + e, Errno.EIO, e);
                return;
            }
        }
        try {
            runner.send(slot, Opcode.INIT);
        } finally {
            slots.release(slot);
        }
        if (c != null) {
            LOG.log(Level.DEBUG, () -> "FUSE_INIT: protocol 7." + c.minor() + ", max_write " + c.maxWrite()
                    + ", flags " + InitFlags.describe(c.flags()));
            dispatcher.setxattrExt = c.isEnabled(InitFlags.FUSE_SETXATTR_EXT);
            dispatcher.writebackCache = c.isEnabled(InitFlags.FUSE_WRITEBACK_CACHE);
            life.initDone(c);
            startAll.run();
        }
    }

    private void fail(Slot slot, long unique, String why, Errno errno, Throwable cause) {
        life.failure = why;
        if (errno == Errno.EPROTO) {
            LOG.log(Level.ERROR, why);
        } else if (cause != null) {
            LOG.log(Level.ERROR, why, cause);
        }
        runner.replyInline(slot, unique, errno);
        life.initDone(null);
    }
}
