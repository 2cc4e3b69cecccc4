package dev.panamafuse.session;

import dev.panamafuse.mount.BackingFiles;
import dev.panamafuse.protocol.InitFlags;
import java.io.IOException;

/**
 * Transport SPI, for the transports of {@code dev.panamafuse.ffm} (and the fake transports of
 * the tests and benchmarks): delivers the kernel's requests to a {@link Session}. Its other half
 * is the {@link ReplySink} each request is answered through. The per-operation code never sees a
 * transport: it reads the request through the views of a {@link Slot} ({@code fuse_in_header},
 * the operation's struct, the payload — one {@link dev.panamafuse.codec.RequestFrame}) and writes
 * its reply into the slot's {@link dev.panamafuse.codec.ReplyFrame}, whoever owns that memory.
 *
 * <p>Each reader thread of the session owns one transport ({@link #forReader()} gives the next
 * reader its own) and calls {@link #receive(Slot)} in a loop, one request per call. The memory of
 * a request is either the slot's own ({@link Slot#in()}: the transport copies the frame in, as
 * {@code read(2)} does) or the transport's ({@link Slot#bind}: the slot's views point at memory
 * the kernel filled in place); either way it stays valid, and untouched by the transport, until
 * the request's reply has been {@linkplain ReplySink#send sent}. How each transport fits:
 *
 * <ul>
 *   <li><b>{@code /dev/fuse}</b> ({@code DevFuseChannel}): {@code receive} is one {@code read(2)}
 *       into {@link Slot#in()} (a buffer of at least {@code max_write + 4096} bytes) and names the
 *       descriptor itself as the reply sink; {@link #forReader()} clones the descriptor with
 *       {@code FUSE_DEV_IOC_CLONE}; notifications are written to the descriptor.</li>
 *   <li><b>FUSE over io_uring</b> (one transport per queue, {@link #forReader()} giving the next
 *       queue): the transport registers ring entries with {@code FUSE_IO_URING_CMD_REGISTER}, each
 *       with its own header buffer ({@code fuse_uring_req_header}: {@code fuse_in_header}, the
 *       operation's struct of up to 128 bytes, {@code fuse_uring_ent_in_out}) and its own payload
 *       buffer. {@code receive} waits for the next completion, copies the header and the
 *       operation's struct (at most 168 bytes, never data) into the room kept just before the
 *       entry's payload buffer, so header, struct and payload read as one frame, and
 *       {@linkplain Slot#bind binds} the slot to that frame and to a reply frame over the same
 *       memory (its first 16 bytes scratch for the header, the rest the payload buffer): the
 *       reply is written in place and committed by the entry's sink with
 *       {@code COMMIT_AND_FETCH}. The entry itself is the sink ({@link Slot#replyTo}). As in the
 *       kernel's own layout, the reply's body then lies over the request's payload, which the
 *       per-operation code has finished reading before it writes the reply (see {@link Slot}) —
 *       except {@code IOCTL}, whose handler holds its input and its output at once: for it the
 *       transport binds a reply frame of the entry's own and the sink copies it in.</li>
 *   <li><b>virtio-fs over vhost-user</b>: {@code receive} pops the next descriptor chain of the
 *       request queue; when the chain's device-readable part is one descriptor of mapped guest
 *       memory the slot is bound to it, else the parts are copied into {@link Slot#in()}. The
 *       device-writable part is the reply's memory; the chain is the sink.</li>
 * </ul>
 *
 * <p>The readers' two rules hold for every transport. <b>A request that waits never stops the
 * session from reading new ones</b>: the session keeps reading with a reserve slot and moves waiting
 * requests into spill slots (see {@link Session}); a transport that owns its memory must keep
 * memory to deliver into while every request it delivered waits (an io_uring transport registers
 * more ring entries, up to the session's spill budget, when few are left to the kernel).
 * <b>A reader that dies aborts the connection</b>: a transport never swallows a failure it cannot
 * recover from; it throws, and the session aborts.
 *
 * <p>Threads: {@link #receive} is called by one reader at a time per transport;
 * {@link #notifications()} and the reply sinks may be called from any thread at the same time.
 */
public interface FuseTransport extends AutoCloseable {

    /**
     * Blocks until one whole request has been received into {@code slot}, either copied into
     * {@link Slot#in()} or {@linkplain Slot#bind bound} in place, and names the sink its reply
     * goes to with {@link Slot#replyTo(ReplySink)}. Retries by itself on errors that mean "try
     * again" ({@code EINTR}, {@code EAGAIN}, and, on {@code /dev/fuse}, {@code ENOENT}: the request
     * it was about to hand over was interrupted).
     *
     * @param slot the slot to fill, owned by the calling reader during the call; its
     *             {@link Slot#callState()} may be used for errno capture
     * @return the frame's length in bytes, or -1 once the connection has ended (unmounted:
     *         {@code ENODEV}, or aborted)
     * @throws IOException on any other failure, which ends the session
     */
    int receive(Slot slot) throws IOException;

    /**
     * Where kernel-bound notifications (unique 0: poll wakeups, cache invalidations) of this
     * connection are sent; see {@link ReplySink} for each transport. Safe to call from any thread.
     *
     * @return the connection's notification sink
     */
    ReplySink notifications();

    /**
     * Takes part in {@code FUSE_INIT}: called on the first reader with the flags about to be
     * agreed (what the session wants and the kernel offers) and the sizes of the reply, before the
     * reply is sent; returns the flags to agree. A transport that serves
     * {@code FUSE_OVER_IO_URING} prepares its queues here (rings set up, buffers for
     * {@code maxWrite} and {@code maxPages} allocated) and keeps the bit only when they are ready,
     * since once INIT agrees on it the kernel holds every new request until all queues are
     * registered. The default clears the bit: only a transport that serves the ring may agree on it.
     *
     * @param flags    the INIT flags about to be agreed
     * @param maxWrite the {@code max_write} of the reply
     * @param maxPages the {@code max_pages} of the reply
     * @return the flags to agree
     */
    default long initFlags(long flags, int maxWrite, int maxPages) {
        return flags & ~InitFlags.FUSE_OVER_IO_URING;
    }

    /**
     * How many reader threads the session runs on this connection once INIT has been answered,
     * this transport's own reader included. The default is what the options configured; an
     * io_uring transport needs one reader per queue besides the {@code /dev/fuse} reader.
     *
     * @param configured the readers the options ask for
     * @return the readers to run, at least 1
     */
    default int readers(int configured) {
        return configured;
    }

    /**
     * A transport for one more reader thread, serving the same connection: a cloned
     * {@code /dev/fuse} descriptor ({@code FUSE_DEV_IOC_CLONE}), the next io_uring queue. The
     * default returns this transport, so every reader shares it.
     *
     * @return a transport for another reader
     * @throws IOException when it cannot be made (the session runs with fewer readers)
     */
    default FuseTransport forReader() throws IOException {
        return this;
    }

    /**
     * The connection's backing-file registry for kernel passthrough
     * ({@code FUSE_DEV_IOC_BACKING_OPEN} and {@code _CLOSE} on a {@code /dev/fuse} descriptor),
     * handed to the filesystem in {@link dev.panamafuse.mount.ConnectionInfo#backingFiles()} when
     * INIT agrees on passthrough. The default belongs to a transport without such a descriptor:
     * its {@code open} and {@code close} fail with {@code EOPNOTSUPP}.
     *
     * @return the registry
     */
    default BackingFiles backingFiles() {
        return NoBackingFiles.NO_DEVICE;
    }

    /**
     * Releases the transport (closes the descriptor, unregisters the ring). Called by the session
     * once, after the reader using it has stopped and the requests in flight have been answered
     * or the unmount grace has passed.
     */
    @Override
    void close();
}
