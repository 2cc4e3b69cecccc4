package dev.panamafuse.ffm.internal;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.OpenFlags;
import dev.panamafuse.mount.BackingFiles;
import dev.panamafuse.protocol.DeviceStructs;
import dev.panamafuse.protocol.Kernel;
import dev.panamafuse.session.FuseTransport;
import dev.panamafuse.session.ReplySink;
import dev.panamafuse.session.Slot;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code /dev/fuse} transport: a {@link FuseTransport} over one {@code /dev/fuse} file
 * descriptor, {@code read(2)} of one request per receive into the slot's own buffer, and the
 * {@link ReplySink} of every request it read and of the connection's notifications,
 * {@code writev(2)} of one frame per send, with errno captured into the caller's segment.
 * Each further reader gets a clone of the descriptor ({@code FUSE_DEV_IOC_CLONE}), which answers
 * the requests it read. Follows libfuse's errno rules: {@code ENOENT}, {@code EINTR} and
 * {@code EAGAIN} on read mean "read again"; {@code ENODEV} (unmounted) and {@code ECONNABORTED}
 * (aborted) end the connection; {@code ENOENT} on write means the request was interrupted and the
 * reply is dropped.
 */
public final class DevFuseChannel implements FuseTransport, ReplySink {
    private static final int ENOENT = 2;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int ENODEV = 19;
    private static final int ECONNABORTED = 103;
    /** Where the FUSE device lives. */
    public static final String DEVICE = "/dev/fuse";

    private static final long MAP_FD = DeviceStructs.FUSE_BACKING_MAP.byteOffset(PathElement.groupElement("fd"));

    private final int fd;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final BackingFiles backing = new Backing();

    /**
     * Wraps an open {@code /dev/fuse} descriptor; the channel owns it from now on.
     *
     * @param fd the descriptor
     */
    public DevFuseChannel(int fd) {
        this.fd = fd;
    }

    /**
     * The descriptor this transport reads from and writes to.
     *
     * @return the file descriptor
     */
    public int fd() {
        return fd;
    }

    @Override
    public int receive(Slot slot) throws IOException {
        slot.replyTo(this);
        while (true) {
            try {
                return Libc.read(fd, slot.in(), slot.callState());
            } catch (LibcException e) {
                switch (e.errno()) {
                    case ENOENT, EINTR, EAGAIN -> {
                        // interrupted before it was handed over, or a signal: read again
                    }
                    case ENODEV, ECONNABORTED -> {
                        return -1;
                    }
                    default -> throw e;
                }
            }
        }
    }

    @Override
    public void send(ReplyFrame reply, MemorySegment callState) throws IOException {
        if (closed.get()) { // the descriptor number may belong to another file by now
            throw new IOException("the /dev/fuse descriptor " + fd + " was closed");
        }
        try {
            Libc.writev(fd, reply.iovecs(), reply.iovecCount(), callState);
        } catch (LibcException e) {
            if (e.errno() != ENOENT) {
                throw e;
            }
        }
    }

    @Override
    public ReplySink notifications() {
        return this;
    }

    @Override
    public FuseTransport forReader() throws IOException {
        int clone = Libc.open(DEVICE, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment arg = arena.allocate(ValueLayout.JAVA_INT);
            arg.set(ValueLayout.JAVA_INT, 0, fd);
            Libc.ioctl(clone, Kernel.FUSE_DEV_IOC_CLONE, arg);
        } catch (IOException | RuntimeException e) {
            DescriptorCalls.close(clone);
            throw e;
        }
        return new DevFuseChannel(clone);
    }

    /** {@return the registry of backing files on this connection's descriptor (the clones share it)} */
    @Override
    public BackingFiles backingFiles() {
        return backing;
    }

    /** {@code FUSE_DEV_IOC_BACKING_OPEN} and {@code _CLOSE} on the descriptor. */
    private final class Backing implements BackingFiles {
        @Override
        public boolean available() {
            return true;
        }

        @Override
        public int open(int backingFd) {
            checkOpen();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment map = arena.allocate(DeviceStructs.FUSE_BACKING_MAP);
                map.set(ValueLayout.JAVA_INT, MAP_FD, backingFd);
                int id = Libc.ioctl(fd, Kernel.FUSE_DEV_IOC_BACKING_OPEN, map);
                if (id <= 0) {
                    throw new FuseException(Errno.EIO, "FUSE_DEV_IOC_BACKING_OPEN of fd " + backingFd + " returned " + id);
                }
                return id;
            } catch (LibcException e) {
                throw failure(e, "registering fd " + backingFd + " as a backing file");
            }
        }

        @Override
        public void close(int backingId) {
            checkOpen();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment id = arena.allocate(ValueLayout.JAVA_INT);
                id.set(ValueLayout.JAVA_INT, 0, backingId);
                Libc.ioctl(fd, Kernel.FUSE_DEV_IOC_BACKING_CLOSE, id);
            } catch (LibcException e) {
                throw failure(e, "closing backing id " + backingId);
            }
        }

        @Override
        public String toString() {
            return "passthrough through " + DevFuseChannel.this;
        }
    }

    /** After {@link #close()} the descriptor number may belong to another file: never use it. */
    private void checkOpen() {
        if (closed.get()) {
            throw new FuseException(Errno.ENOTCONN, "the /dev/fuse descriptor " + fd + " was closed");
        }
    }

    private static FuseException failure(LibcException e, String what) {
        Errno errno = Errno.fromCode(e.errno());
        return new FuseException(errno != null ? errno : Errno.EIO, what + ": " + e.getMessage());
    }

    @Override
    public String toString() {
        return "/dev/fuse fd " + fd;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                DescriptorCalls.close(fd);
            } catch (LibcException e) {
                System.getLogger(DevFuseChannel.class.getName())
                        .log(System.Logger.Level.WARNING, "closing /dev/fuse fd " + fd + ": " + e.getMessage());
            }
        }
    }
}
