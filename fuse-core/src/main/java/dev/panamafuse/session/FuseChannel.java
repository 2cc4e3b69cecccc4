package dev.panamafuse.session;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.codec.ReplyFrame;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * The transport a {@link Session} reads requests from and writes replies to: a {@code /dev/fuse}
 * file descriptor in production, an in-memory queue in tests. Implementations must allow one
 * thread in {@link #read} while other threads {@link #write}.
 */
public interface FuseChannel extends AutoCloseable {

    /**
     * Blocks until one whole request frame has been read into {@link Slot#in()}. Retries by itself
     * on errors that mean "try again" ({@code EINTR}, {@code EAGAIN}, and {@code ENOENT}, which
     * the kernel returns when the request it was about to hand over was interrupted).
     *
     * @param slot the slot to read into; its call-state segment may be used for errno capture
     * @return the number of bytes read, or -1 once the connection has ended (unmounted:
     *         {@code ENODEV}, or aborted)
     * @throws IOException on any other failure, which ends the session
     */
    int read(Slot slot) throws IOException;

    /**
     * Writes a completed reply or notification in one {@code writev(2)} of its iovecs. A reply
     * to a request the kernel no longer waits for ({@code ENOENT}: it was interrupted) is dropped
     * silently.
     *
     * @param reply     the completed frame
     * @param callState scratch memory for errno capture, owned by the calling thread
     * @throws IOException when the write fails for another reason
     */
    void write(ReplyFrame reply, MemorySegment callState) throws IOException;

    /**
     * Writes the completed reply of {@code slot}.
     *
     * @param slot the slot whose reply to send
     * @throws IOException when the write fails
     */
    default void write(Slot slot) throws IOException {
        write(slot.reply(), slot.callState());
    }

    /**
     * A channel for one more reader thread, sharing this connection: a cloned {@code /dev/fuse}
     * fd ({@code FUSE_DEV_IOC_CLONE}) in production. The default returns this channel, so every
     * reader shares it.
     *
     * @return a channel for another reader
     * @throws IOException when cloning fails
     */
    default FuseChannel cloneForReader() throws IOException {
        return this;
    }

    /**
     * Registers a backing file for kernel passthrough ({@code FUSE_DEV_IOC_BACKING_OPEN}); see
     * {@link dev.panamafuse.BackingFiles#open(int)}. The default fails: only a {@code /dev/fuse}
     * channel can.
     *
     * @param fd an open descriptor of the backing file
     * @return the backing id
     * @throws FuseException with the errno of the failure ({@code EOPNOTSUPP} by default)
     */
    default int openBacking(int fd) {
        throw new FuseException(Errno.EOPNOTSUPP, "this channel cannot register backing files");
    }

    /**
     * Drops a backing id ({@code FUSE_DEV_IOC_BACKING_CLOSE}). The default fails.
     *
     * @param backingId an id from {@link #openBacking(int)}
     * @throws FuseException with the errno of the failure ({@code EOPNOTSUPP} by default)
     */
    default void closeBacking(int backingId) {
        throw new FuseException(Errno.EOPNOTSUPP, "this channel cannot register backing files");
    }

    /** Releases the transport (closes the fd). Called by the session once every reader has stopped. */
    @Override
    void close();
}
