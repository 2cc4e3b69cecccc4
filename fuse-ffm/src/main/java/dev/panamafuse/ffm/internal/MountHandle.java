package dev.panamafuse.ffm.internal;

import dev.panamafuse.FileSystem;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.ProcessIds;
import dev.panamafuse.mount.Capability;
import dev.panamafuse.mount.ConnectionInfo;
import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountException.Reason;
import dev.panamafuse.mount.MountException;
import dev.panamafuse.mount.MountFlag;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.session.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@link FuseMount} of a mount, created before anything is mounted so that a JVM exit at any
 * moment of mounting unmounts. Unless {@link MountOptions#unmountOnExit()} is off, its JVM
 * shutdown hook is registered first; then {@link #mountDirect} or {@link #mountFusermount} makes
 * the mount, {@link #start} starts the session and {@link #awaitInit} waits for {@code FUSE_INIT}.
 * Each step runs under the handle's lock and refuses to run once the handle is closed, so a close
 * (the hook, on SIGTERM) never misses a mount being made: it waits for the step to finish and
 * unmounts what exists, and the step after it fails with a message saying the mount was closed.
 *
 * <p>Closing unmounts ({@code umount2} for a privileged mount, {@code fusermount3 -u} for one
 * made by fusermount3; lazily when busy); the readers then see {@code ENODEV} and the session
 * drains and ends. If the session has not ended after the grace period (a lazy unmount keeps the
 * connection while files are open), the connection is aborted through
 * {@code /sys/fs/fuse/connections/N/abort}.
 */
public final class MountHandle implements FuseMount {
    private static final System.Logger LOG = System.getLogger(MountHandle.class.getName());
    private static final Duration MARGIN = Duration.ofSeconds(2);

    private final Path mountpoint;
    private final MountOptions options;
    private final Thread shutdownHook;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: whether close has begun (no step runs after it). */
    private boolean closed;
    /** Guarded by {@link #lock}: the descriptor of the mount made, -1 before it. */
    private int fd = -1;
    private Fusermount.Mounted fusermount;
    private volatile Session session;
    private volatile ConnectionInfo connection;
    private volatile long device = -1;
    private boolean released;

    /**
     * Creates the handle of a mount about to be made, registering its shutdown hook unless
     * {@link MountOptions#unmountOnExit()} is off.
     *
     * @param mountpoint the mountpoint
     * @param options    the mount options
     * @throws MountException when the JVM is already shutting down
     */
    public MountHandle(Path mountpoint, MountOptions options) throws MountException {
        this.mountpoint = mountpoint;
        this.options = options;
        this.shutdownHook = options.unmountOnExit() ? new Thread(this::closeAtExit, "panamafuse-unmount-at-exit") : null;
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                throw new MountException(Reason.OTHER, "not mounting on " + mountpoint + ": the JVM is shutting down", e);
            }
        }
    }

    /**
     * Mounts the connection of {@code fd} with {@code mount(2)}; the handle owns {@code fd}
     * from now on, also when this fails.
     *
     * @param fd an open {@code /dev/fuse} descriptor
     * @throws MountException when the kernel refuses, or the handle was closed
     */
    public void mountDirect(int fd) throws MountException {
        synchronized (lock) {
            try {
                refuseIfClosed();
                DirectMount.mount(fd, mountpoint, options);
            } catch (MountException | RuntimeException e) {
                closeQuietly(fd);
                throw e;
            }
            this.fd = fd;
        }
    }

    /**
     * Mounts through {@code fusermount3}.
     *
     * @throws MountException what {@link Fusermount#mount} throws, or the handle was closed
     */
    public void mountFusermount() throws MountException {
        synchronized (lock) {
            refuseIfClosed();
            fusermount = Fusermount.mount(mountpoint, options);
            fd = fusermount.fd();
        }
    }

    /**
     * Starts a session serving {@code fs} on the mount's descriptor; the session owns it now.
     *
     * @param fs the filesystem
     * @throws MountException when the handle was closed
     */
    public void start(FileSystem fs) throws MountException {
        synchronized (lock) {
            refuseIfClosed();
            DevFuseChannel device = new DevFuseChannel(fd);
            boolean ring = options.capabilities().contains(Capability.IO_URING)
                    || fs.capabilities().contains(Capability.IO_URING);
            Session s = new Session(fs, ring ? new UringTransport(device, UringTransport.DEFAULT_DEPTH) : device,
                    options);
            if (options.kernel().has(MountFlag.ALLOW_ROOT)) {
                s.restrictTo(ProcessIds.getuid());
            }
            // a reader that dies (out of memory, a bug), or requests left unanswered on a live connection,
            // abort the connection: clients get ENOTCONN, not a hang (the session's failure says which)
            s.abortWith(() -> abortConnection(String.valueOf(s.failure())));
            s.start();
            session = s;
        }
    }

    /**
     * Waits until the session has answered {@code FUSE_INIT}; on failure the mount is closed.
     *
     * @param timeout the longest wait
     * @throws MountException PROTOCOL when INIT failed or timed out; OTHER when the mount was
     *                        closed (a JVM exit) before it was ready
     */
    public void awaitInit(Duration timeout) throws MountException {
        ConnectionInfo c;
        try {
            c = session.awaitInit(timeout);
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            boolean cancelled = isClosed();
            close();
            if (cancelled) {
                throw closedWhileMounting();
            }
            throw new MountException(Reason.PROTOCOL, "mounting on " + mountpoint + " failed: " + e.getMessage(), e);
        }
        synchronized (lock) {
            refuseIfClosed();
            device = deviceOf(mountpoint);
            Readahead.raise(device, options.maxReadahead(), c.maxReadahead());
            connection = c;
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private void refuseIfClosed() throws MountException {
        if (closed) {
            throw closedWhileMounting();
        }
    }

    private MountException closedWhileMounting() {
        return new MountException(Reason.OTHER, "mounting on " + mountpoint + " was cancelled: the mount was closed"
                + " (JVM exit or signal) before it was ready; it has been unmounted");
    }

    private void closeAtExit() {
        Session s = session;
        if (s == null || s.isRunning()) {
            LOG.log(Level.INFO, "JVM exit: unmounting " + mountpoint);
            close();
        }
    }

    private static long deviceOf(Path p) {
        try {
            return ((Number) Files.getAttribute(p, "unix:dev")).longValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public Path mountpoint() {
        return mountpoint;
    }

    @Override
    public ConnectionInfo connection() {
        return connection;
    }

    @Override
    public boolean isMounted() {
        return session.isRunning();
    }

    @Override
    public void awaitUnmount() throws InterruptedException {
        while (!session.awaitEnd(Duration.ofDays(1))) {
            // keep waiting
        }
    }

    @Override
    public boolean awaitUnmount(Duration timeout) throws InterruptedException {
        return session.awaitEnd(timeout);
    }

    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway and finds the mount closed
            }
        }
        try {
            synchronized (lock) {
                boolean first = !closed;
                closed = true;
                if (first && fd >= 0) {
                    unmountAndEnd();
                }
                if (fusermount != null && !released) {
                    released = true;
                    Fusermount.release(fusermount);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Unmounts, then waits (bounded) for the session to end, aborting the connection if it does not. */
    private void unmountAndEnd() {
        Session s = session;
        if (s != null && !s.isRunning()) {
            return; // unmounted from outside: the session has ended and closed the descriptor
        }
        if (s != null) {
            s.stop();
        }
        try {
            if (fusermount == null) {
                DirectMount.unmount(mountpoint);
            } else {
                Fusermount.unmount(fusermount.program(), mountpoint);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "unmounting " + mountpoint + ": " + e.getMessage());
        }
        if (s == null) {
            closeQuietly(fd); // no session took the descriptor
            return;
        }
        Duration wait = options.unmountGrace().plus(MARGIN);
        if (!awaitEnd(wait)) {
            abortConnection("requests were still pending");
            if (!awaitEnd(MARGIN)) {
                LOG.log(Level.WARNING, "the FUSE session of " + mountpoint + " did not end");
            }
        }
    }

    private static void closeQuietly(int fd) {
        try {
            DescriptorCalls.close(fd);
        } catch (LibcException ignored) {
            // nothing more to do with a descriptor we are giving up
        }
    }

    private boolean awaitEnd(Duration d) {
        try {
            return session.awaitEnd(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !session.isRunning();
        }
    }

    private void abortConnection(String why) {
        if (device < 0) {
            return;
        }
        long minor = (device & 0xff) | ((device >>> 12) & 0xfff00);
        Path connections = Path.of("/sys/fs/fuse/connections");
        Path abort = connections.resolve(Long.toString(minor)).resolve("abort");
        if (!Files.exists(abort) && Files.isDirectory(connections)) {
            try {
                // the fuse control filesystem is not mounted (no systemd here): mount it, as root may
                LibcMount.mount("fusectl", connections.toString(), "fusectl", 0, null);
            } catch (LibcException e) {
                LOG.log(Level.DEBUG, "mounting fusectl on " + connections + ": " + e.getMessage());
            }
        }
        try {
            Files.writeString(abort, "1");
            LOG.log(Level.WARNING, "aborted the FUSE connection of " + mountpoint + " (" + why + ")");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot abort the FUSE connection of " + mountpoint + " via " + abort + ": " + e);
        }
    }
}
