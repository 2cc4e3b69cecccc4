package dev.panamafuse.ffm;

import dev.panamafuse.Attr;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.Request;
import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountOptions;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A program for {@link LifecycleIT}: mounts an empty filesystem on {@code args[0]}, prints
 * "MOUNTED", then exits the JVM without closing the mount. With {@code args[1] == "no-hook"} the
 * mount is made with {@code unmountOnExit(false)}; with {@code args[1] == "serve"} it serves until
 * unmounted (or until a signal ends the JVM, whose shutdown hook unmounts).
 */
public final class ExitingMount {
    private ExitingMount() {
    }

    /**
     * Runs the program.
     *
     * @param args mountpoint, optionally "no-hook" or "serve"
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String mode = args.length < 2 ? "" : args[1];
        boolean hook = !mode.equals("no-hook");
        Attr root = Attr.of(1, Mode.S_IFDIR | 0755, 2, 0, 0, 0, Instant.now());
        FileSystem fs = new FileSystem() {
            @Override
            public Attr getattr(Request req, long nodeid, long fh) {
                if (nodeid == ROOT) {
                    return root;
                }
                throw new FuseException(Errno.ENOENT);
            }
        };
        FuseMount mount = Fuse.mount(Path.of(args[0]), fs,
                MountOptions.builder().fsName("pfuse-exiting").unmountOnExit(hook).build());
        System.out.println("MOUNTED");
        System.out.flush();
        if (mode.equals("serve")) {
            mount.awaitUnmount();
        }
        System.exit(0);
    }
}
