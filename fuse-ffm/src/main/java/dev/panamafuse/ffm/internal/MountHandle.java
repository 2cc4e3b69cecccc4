package dev.panamafuse.ffm.internal;

import dev.panamafuse.ConnectionInfo;
import dev.panamafuse.FuseMount;
import dev.panamafuse.MountOptions;
import dev.panamafuse.session.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link FuseMount} of a mount. Closing unmounts ({@code umount2} for a privileged mount,
 * {@code fusermount3 -u} for one made by fusermount3; lazily when busy); the readers then see {@code ENODEV} and the session drains and ends. If the session has
 * not ended after the grace period (a lazy unmount keeps the connection while files are open),
 * the connection is aborted through {@code /sys/fs/fuse/connections/N/abort}. Unless
 * {@link MountOptions#unmountOnExit()} is off, a JVM shutdown hook closes the mount when the JVM
 * exits without closing it.
 */
public final class MountHandle implements FuseMount {
    private static final System.Logger LOG = System.getLogger(MountHandle.class.getName());
    private static final Duration MARGIN = Duration.ofSeconds(2);

    private final Path mountpoint;
    private final Session session;
    private final ConnectionInfo connection;
    private final MountOptions options;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private final long device;
    private final Thread shutdownHook;
    private final Fusermount.Mounted fusermount;

    /**
     * Wraps a started session.
     *
     * @param mountpoint the mountpoint
     * @param session    the session, INIT answered (or failed)
     * @param connection what INIT negotiated; null when it failed
     * @param options    the mount options
     */
    public MountHandle(Path mountpoint, Session session, ConnectionInfo connection, MountOptions options) {
        this(mountpoint, session, connection, options, null);
    }

    /**
     * Wraps a started session of a mount made by {@code fusermount3}: closing unmounts with
     * {@code fusermount3 -u} and ends an {@code auto_unmount} helper.
     *
     * @param mountpoint the mountpoint
     * @param session    the session, INIT answered (or failed)
     * @param connection what INIT negotiated; null when it failed
     * @param options    the mount options
     * @param fusermount the fusermount3 mount; null for a privileged one
     */
    public MountHandle(Path mountpoint, Session session, ConnectionInfo connection, MountOptions options,
            Fusermount.Mounted fusermount) {
        this.fusermount = fusermount;
        this.mountpoint = mountpoint;
        this.session = session;
        this.connection = connection;
        this.options = options;
        this.device = connection == null ? -1 : deviceOf(mountpoint);
        if (connection != null) {
            Readahead.raise(device, options.maxReadahead(), connection.maxReadahead());
        }
        this.shutdownHook = connection != null && options.unmountOnExit()
                ? new Thread(this::closeAtExit, "panamafuse-unmount-at-exit") : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    private void closeAtExit() {
        if (session.isRunning()) {
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
        Duration wait = options.unmountGrace().plus(MARGIN);
        boolean interrupted = Thread.interrupted();
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway and finds the mount closed
            }
        }
        try {
            if (closing.compareAndSet(false, true) && session.isRunning()) {
                session.stop();
                try {
                    if (fusermount == null) {
                        DirectMount.unmount(mountpoint);
                    } else {
                        Fusermount.unmount(fusermount.program(), mountpoint);
                    }
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "unmounting " + mountpoint + ": " + e.getMessage());
                }
                if (!awaitEnd(wait)) {
                    abortConnection();
                    if (!awaitEnd(MARGIN)) {
                        LOG.log(Level.WARNING, "the FUSE session of " + mountpoint + " did not end");
                    }
                }
            } else {
                awaitEnd(wait.plus(MARGIN));
            }
            if (fusermount != null && released.compareAndSet(false, true)) {
                Fusermount.release(fusermount);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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

    private void abortConnection() {
        if (device < 0) {
            return;
        }
        long minor = (device & 0xff) | ((device >>> 12) & 0xfff00);
        Path connections = Path.of("/sys/fs/fuse/connections");
        Path abort = connections.resolve(Long.toString(minor)).resolve("abort");
        if (!Files.exists(abort) && Files.isDirectory(connections)) {
            try {
                // the fuse control filesystem is not mounted (no systemd here): mount it, as root may
                Libc.mount("fusectl", connections.toString(), "fusectl", 0, null);
            } catch (LibcException e) {
                LOG.log(Level.DEBUG, "mounting fusectl on " + connections + ": " + e.getMessage());
            }
        }
        try {
            Files.writeString(abort, "1");
            LOG.log(Level.WARNING, "aborted the FUSE connection of " + mountpoint + " (requests were still pending)");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot abort the FUSE connection of " + mountpoint + " via " + abort + ": " + e);
        }
    }
}
