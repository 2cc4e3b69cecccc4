package dev.panamafuse.examples.cli;

import dev.panamafuse.FileSystem;
import dev.panamafuse.ffm.Fuse;
import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountException;
import dev.panamafuse.mount.MountOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves a mount in the foreground: prints one line once mounted, unmounts on SIGINT, SIGTERM
 * or SIGHUP (and at JVM exit), returns when the filesystem is unmounted by any means.
 *
 * <p>The signal handlers are installed before mounting: a signal that arrives while the mount is
 * being made (before {@code Fuse.mount} returns) is remembered, and the mount is closed as soon
 * as it is returned, so a signal at any moment ends the process with no mount left.
 */
final class ForegroundMount {
    private static final String[] SIGNALS = {"INT", "TERM", "HUP"};
    /**
     * The library's logger configured by {@code -d}: held here because the JUL LogManager keeps
     * its loggers only weakly, and a configured logger nobody holds is collected at the next GC,
     * taking its level and handler with it.
     */
    private static final Logger LIBRARY_LOGGER = Logger.getLogger("dev.panamafuse");

    private final PrintWriter out;
    private final PrintWriter err;
    private volatile boolean stopRequested;
    private volatile FuseMount mounted;

    ForegroundMount(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    int serve(String name, FileSystem fs, Path mountpoint, MountOptions options, boolean force) {
        if (options.debug()) {
            enableDebugLogging();
        }
        for (String s : SIGNALS) {
            try {
                // sun.misc.Signal named in full, not imported: an import would make javadoc warn
                sun.misc.Signal.handle(new sun.misc.Signal(s), sig -> stop());
            } catch (IllegalArgumentException e) {
                // signal reserved by the JVM (-Xrs): the library's shutdown hook still unmounts
            }
        }
        FuseMount mount;
        try {
            mount = mount(fs, mountpoint, options, force);
        } catch (MountException e) {
            err.println("panamafuse: " + e.getMessage());
            err.flush();
            return ExitCodes.of(e.reason());
        }
        mounted = mount;
        if (stopRequested) {
            mount.close(); // a signal came while mounting
        }
        MountRegistry registry = MountRegistry.forThisUser();
        registry.add(realPath(mount.mountpoint()), options.kernel().fsName(), options.kernel().type());
        Thread hook = new Thread(mount::close, "panamafuse-unmount");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("mounted " + name + " on " + mount.mountpoint() + " (Ctrl-C or 'umount " + mount.mountpoint()
                + "' to unmount)");
        out.flush();
        try {
            mount.awaitUnmount();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            mount.close();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        registry.remove(realPath(mount.mountpoint()));
        out.println("unmounted " + mount.mountpoint());
        out.flush();
        return ExitCodes.OK;
    }

    /** The path as mountinfo shows it (symbolic links resolved), else as it is. */
    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    /** On a signal: closes the mount on a thread of its own, or, while mounting, asks for it to be closed. */
    private void stop() {
        stopRequested = true;
        FuseMount m = mounted;
        if (m != null) {
            Thread.ofPlatform().name("panamafuse-signal").start(m::close);
        }
    }

    /** Mounts; with {@code force}, a dead FUSE mount on the directory is unmounted lazily first. */
    private FuseMount mount(FileSystem fs, Path mountpoint, MountOptions options, boolean force)
            throws MountException {
        try {
            return Fuse.mount(mountpoint, fs, options);
        } catch (MountException e) {
            if (!force || e.reason() != MountException.Reason.STALE_MOUNT) {
                throw e;
            }
            Fuse.unmount(mountpoint, true);
            err.println("panamafuse: cleaned the dead mount on " + mountpoint);
            return Fuse.mount(mountpoint, fs, options);
        }
    }

    private static void enableDebugLogging() {
        LIBRARY_LOGGER.setLevel(Level.FINE);
        Handler handler = new ConsoleHandler();
        handler.setLevel(Level.FINE);
        LIBRARY_LOGGER.addHandler(handler);
        LIBRARY_LOGGER.setUseParentHandlers(false);
    }
}
