package dev.panamafuse.session;

import dev.panamafuse.codec.ReplyFrame;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Transport SPI, for the transports of {@code dev.panamafuse.ffm}: where the answer to one
 * request, or a kernel-bound notification, leaves the daemon.
 *
 * <p>A {@link FuseTransport} names the sink of each request it delivers with
 * {@link Slot#replyTo(ReplySink)}; the session sends that request's reply through it and through
 * no other, from the reader or from the request's virtual thread. Notifications (frames with
 * unique 0, e.g. {@code FUSE_NOTIFY_POLL}) go through {@link FuseTransport#notifications()},
 * from any thread. How each transport implements it:
 *
 * <ul>
 *   <li><b>{@code /dev/fuse}</b>: one {@code writev(2)} of {@link ReplyFrame#iovecs()} on the
 *       descriptor (or clone) that read the request: the kernel keeps a request on the fd it was
 *       read from and answers a reply written to another clone with {@code ENOENT}.
 *       {@code ENOENT} (the request was interrupted) is not a failure.</li>
 *   <li><b>FUSE over io_uring</b>: each ring entry is its own sink. When the reply was written in
 *       the entry's own memory (the slot was {@linkplain Slot#bind bound} to it) the sink copies
 *       the 16-byte {@code fuse_out_header} into the entry's header area, sets
 *       {@code fuse_uring_ent_in_out.payload_sz} to the length after the header and submits
 *       {@code FUSE_IO_URING_CMD_COMMIT_AND_FETCH} with {@code commit_id} = the unique, which
 *       commits the reply in place and hands the entry back for the next request. A reply built
 *       elsewhere (a request moved to a spill slot, or a second {@linkplain ReplyFrame#attach
 *       attached} segment) is first copied into the entry's payload buffer. The submission ring
 *       belongs to the queue's thread, so a sink called from another thread queues the commit to
 *       it. Notifications are not ring commands: they still go through the connection's
 *       {@code /dev/fuse} descriptor.</li>
 *   <li><b>virtio-fs (vhost-user)</b>: the sink copies the reply into the device-writable
 *       descriptors of the request's chain (in place when the slot was bound to them), puts the
 *       chain on the used ring with the length written, and signals the guest. Notifications go on
 *       the notification queue, when the device offers {@code VIRTIO_FS_F_NOTIFICATION}.</li>
 * </ul>
 */
public interface ReplySink {

    /**
     * Sends one completed frame: a reply ({@link ReplyFrame#finish()} or
     * {@link ReplyFrame#error(long, int)} was called) or a notification
     * ({@link ReplyFrame#finishNotification(int)}). Returns once the frame's memory may be reused.
     * A reply the kernel no longer waits for (its request was interrupted and forgotten) is
     * dropped silently.
     *
     * @param reply     the completed frame; its segments are valid during the call only
     * @param callState scratch memory for {@code Linker.Option.captureCallState("errno")}, owned
     *                  by the calling thread during the call
     * @throws IOException when the frame cannot be delivered (the session logs it and goes on)
     */
    void send(ReplyFrame reply, MemorySegment callState) throws IOException;
}
