package dev.panamafuse.benchmarks.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.cryptomator.jfuse.api.Fuse;
import org.cryptomator.jfuse.api.FuseBuilder;
import org.cryptomator.jfuse.api.FuseMountFailedException;

/**
 * The {@code jfuse} peer: {@link PathTree} served through {@code org.cryptomator:jfuse} (libfuse3's
 * high-level path API through FFM), keeping the contract of {@code benchmarks/peers/README.md}.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.panamafuse.benchmarks.peers.JfuseServer [--zero-size BYTES] MOUNTPOINT
 * </pre>
 *
 * <p>libfuse3 (Debian package {@code libfuse3-3}) is loaded from {@code libfuse3.so.3} in the
 * usual library directories (jfuse's own default, {@code fuse3} on {@code java.library.path}, misses
 * Debian's multiarch directory). Mount options:
 * {@code -o fsname=jfuse,subtype=jfuse,entry_timeout=0,attr_timeout=0,negative_timeout=0}; jfuse
 * adds {@code -f}. libfuse3's defaults do the rest: multi-threaded loop (at most 10 workers),
 * max_write 1 MiB (256 pages, the most libfuse3's buffer takes; {@code init} asks for it
 * explicitly), readahead as the kernel offers, no {@code direct_io}, {@code keep_cache} or writeback
 * cache. {@code -Dpeers.debug=true} adds libfuse's {@code -d} (requests traced on stderr).
 *
 * <p>Lifetime: mounts (jfuse returns once the mount answers), then waits until SIGINT, SIGTERM or
 * SIGHUP, whereupon jfuse unmounts ({@code fuse_exit} and {@code fuse_unmount}), or until the mount
 * disappears from {@code /proc/self/mountinfo} (checked every 250 ms; jfuse offers no other way to
 * learn that its loop ended), and exits 0. Mount failures exit 1, usage errors 2.
 */
public final class JfuseServer {
    private static final String PROGRAM = "JfuseServer";
    private static final String OPTIONS = "fsname=jfuse,subtype=jfuse,entry_timeout=0,attr_timeout=0,negative_timeout=0";
    private static final long POLL_MILLIS = 250;

    private JfuseServer() {
    }

    /**
     * Mounts and serves until unmounted or signalled, then exits.
     *
     * @param args {@code [--zero-size BYTES] MOUNTPOINT}
     * @throws InterruptedException if interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Termination.onSignal(stop::countDown);
        ServerArgs a = ServerArgs.parseOrExit(PROGRAM, args);
        FuseBuilder builder = Fuse.builder();
        Fuse fuse;
        try {
            fuse = build(builder, a.tree());
        } catch (UnsatisfiedLinkError e) {
            System.err.println(PROGRAM + ": cannot load libfuse3: " + e.getMessage());
            System.exit(1);
            return;
        }
        List<String> flags = new ArrayList<>(List.of("-o", OPTIONS));
        if (Boolean.getBoolean("peers.debug")) {
            flags.add("-d");
        }
        try {
            fuse.mount("jfuse", a.mountpoint(), flags.toArray(String[]::new));
        } catch (FuseMountFailedException | IllegalArgumentException e) {
            System.err.println(PROGRAM + ": mount on " + a.mountpoint() + " failed: " + e.getMessage());
            close(fuse);
            System.exit(1);
            return;
        }
        while (!stop.await(POLL_MILLIS, TimeUnit.MILLISECONDS) && MountTable.isFuseMounted(a.mountpoint())) {
            // serving
        }
        System.exit(close(fuse) ? 0 : 1);
    }

    /** Builds the session on libfuse3.so.3 found in the usual directories, else on jfuse's default. */
    private static Fuse build(FuseBuilder builder, PathTree tree) {
        String multiarch = System.getProperty("os.arch").equals("aarch64") ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        for (String dir : List.of("/usr/lib/" + multiarch, "/lib/" + multiarch, "/usr/lib64", "/usr/lib")) {
            Path lib = Path.of(dir, "libfuse3.so.3");
            if (Files.exists(lib)) {
                builder.setLibraryPath(lib.toString());
                break;
            }
        }
        return builder.build(new JfuseAdapter(tree, builder.errno()));
    }

    /** Unmounts (if still mounted) and frees the session; false if the loop would not end. */
    private static boolean close(Fuse fuse) {
        try {
            fuse.close();
            return true;
        } catch (TimeoutException e) {
            System.err.println(PROGRAM + ": the FUSE loop did not end: " + e.getMessage());
            return false;
        }
    }
}
