package dev.panamafuse.ffm;

import dev.panamafuse.Attr;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.MountOptions;
import dev.panamafuse.Request;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A program for {@link LifecycleIT}: mounts an empty filesystem on {@code args[0]}, prints
 * "MOUNTED", then exits the JVM without closing the mount. With {@code args[1] == "no-hook"} the
 * mount is made with {@code unmountOnExit(false)}.
 */
public final class ExitingMount {
    private ExitingMount() {
    }

    /**
     * Runs the program.
     *
     * @param args mountpoint, optionally "no-hook"
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        boolean hook = args.length < 2 || !args[1].equals("no-hook");
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
        Fuse.mount(Path.of(args[0]), fs, MountOptions.builder().fsName("pfuse-exiting").unmountOnExit(hook).build());
        System.out.println("MOUNTED");
        System.out.flush();
        System.exit(0);
    }
}
