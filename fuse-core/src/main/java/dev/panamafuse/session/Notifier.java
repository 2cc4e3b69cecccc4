package dev.panamafuse.session;

import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.protocol.NotifyCode;
import dev.panamafuse.protocol.NotifyStructs;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Sends kernel-bound notifications (frames with unique 0 and a {@code fuse_notify_code} in the
 * error field) through the transport's {@link FuseTransport#notifications() notification sink}.
 *
 * <p>One frame buffer of a page, its iovecs and its errno scratch are allocated once, from the
 * session's arena, when the session is made: a notification allocates nothing. Any thread may
 * send one at any time; sends are serialized on this object (notifications are rare next to
 * requests, and one {@code writev(2)} of a few dozen bytes is short). After {@link #close()} —
 * the session has ended, its transports are about to close — notifications are dropped, so none
 * is ever written to a closed descriptor or into freed memory.
 */
final class Notifier {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());
    private static final long FRAME_BYTES = 4096;

    private final ReplySink sink;
    private final ReplyFrame frame;
    private final MemorySegment callState;
    private boolean closed;

    /**
     * @param arena where the frame lives (the session's; closed only after {@link #close()})
     * @param sink  the connection's notification sink
     */
    Notifier(Arena arena, ReplySink sink) {
        this.sink = sink;
        this.frame = new ReplyFrame(arena.allocate(FRAME_BYTES, 8),
                arena.allocate((long) ReplyFrame.MAX_IOVECS * ReplyFrame.IOVEC_SIZE, 8));
        this.callState = arena.allocate(Linker.Option.captureStateLayout());
    }

    /**
     * Sends {@code FUSE_NOTIFY_POLL} ({@code fuse_notify_poll_wakeup_out}) for a kernel poll
     * handle, waking the processes polling that file. Failures are logged, never thrown: the
     * filesystem that calls it cannot do anything about them.
     *
     * @param kh the kernel's poll handle, from the POLL request
     */
    synchronized void poll(long kh) {
        if (closed) {
            return;
        }
        try {
            frame.begin(0);
            // fuse_notify_poll_wakeup_out is kh alone: every byte is written, nothing to zero
            long at = frame.reserveUnzeroed(NotifyStructs.FUSE_NOTIFY_POLL_WAKEUP_OUT.byteSize());
            frame.buffer().set(ValueLayout.JAVA_LONG_UNALIGNED, at, kh);
            frame.finishNotification(NotifyCode.POLL.code());
            sink.send(frame, callState);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "poll notification for kh " + kh + " failed: " + e.getMessage());
        }
    }

    /** Drops every later notification; returns once none is being sent. */
    synchronized void close() {
        closed = true;
    }
}
