package dev.panamafuse.examples.cli;

import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseMount;
import dev.panamafuse.MountException;
import dev.panamafuse.MountOptions;
import dev.panamafuse.ffm.Fuse;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import sun.misc.Signal;

/**
 * Serves a mount in the foreground: prints one line once mounted, unmounts on SIGINT, SIGTERM
 * or SIGHUP (and at JVM exit), returns when the filesystem is unmounted by any means.
 */
final class Foreground {
    private static final String[] SIGNALS = {"INT", "TERM", "HUP"};

    private final PrintWriter out;
    private final PrintWriter err;

    Foreground(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    int serve(String name, FileSystem fs, Path mountpoint, MountOptions options, boolean force) {
        if (options.debug()) {
            enableDebugLogging();
        }
        FuseMount mount;
        try {
            mount = mount(fs, mountpoint, options, force);
        } catch (MountException e) {
            err.println("panamafuse: " + e.getMessage());
            err.flush();
            return ExitCodes.of(e.reason());
        }
        Thread hook = new Thread(mount::close, "panamafuse-unmount");
        Runtime.getRuntime().addShutdownHook(hook);
        for (String s : SIGNALS) {
            try {
                Signal.handle(new Signal(s), sig -> Thread.ofPlatform().name("panamafuse-signal").start(mount::close));
            } catch (IllegalArgumentException e) {
                // signal reserved by the JVM (-Xrs): the shutdown hook still unmounts
            }
        }
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
        out.println("unmounted " + mount.mountpoint());
        out.flush();
        return ExitCodes.OK;
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
        Logger library = Logger.getLogger("dev.panamafuse");
        library.setLevel(Level.FINE);
        Handler handler = new ConsoleHandler();
        handler.setLevel(Level.FINE);
        library.addHandler(handler);
        library.setUseParentHandlers(false);
    }
}
