package dev.panamafuse.benchmarks.peers;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import ru.serce.jnrfuse.FuseException;

/**
 * The {@code jnr-fuse} peer: {@link PathTree} served through {@code com.github.serceman:jnr-fuse}
 * (libfuse 2's high-level path API through jnr-ffi), keeping the contract of
 * {@code benchmarks/peers/README.md}.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
 *     -cp benchmarks/target/benchmarks.jar \
 *     dev.panamafuse.benchmarks.peers.JnrFuseServer [--zero-size BYTES] MOUNTPOINT
 * </pre>
 *
 * <p>{@code --enable-native-access=ALL-UNNAMED} keeps JDK 24+ from warning when jffi loads its JNI
 * stub; {@code --sun-misc-unsafe-memory-access=allow} (JDK 23+, omit it on 22) keeps it from
 * warning when jnr-ffi uses {@code sun.misc.Unsafe}. Without them the server runs the same, with
 * the warnings on stderr.
 *
 * <p>Needs {@code libfuse.so.2} (Debian package {@code libfuse2}, which coexists with fuse3). As
 * root, libfuse 2 mounts with mount(2) itself. It runs {@code fuse_main_real} with {@code -f}
 * (jnr-fuse's choice) and {@code -o fsname=jnr-fuse,subtype=jnr-fuse,entry_timeout=0,attr_timeout=0,
 * negative_timeout=0,big_writes,max_write=131072}: libfuse 2 reads requests into a buffer of
 * 132 KiB, so max_write is at most 128 KiB (and 4 KiB without {@code big_writes}); it does not
 * negotiate {@code max_pages}, so reads are 128 KiB at most too. The loop is libfuse 2's
 * multi-threaded one; no {@code direct_io}, {@code keep_cache} or writeback cache.
 * {@code -Dpeers.debug=true} adds libfuse's {@code -d}.
 *
 * <p>Lifetime: the loop runs on its own thread; on SIGINT, SIGTERM or SIGHUP the server unmounts
 * with {@code umount} (falling back to {@code fusermount3 -u}, then lazy unmounts), and when the
 * loop ends (after that, or after an unmount from outside) it exits 0. Mount failures exit 1,
 * usage errors 2.
 */
public final class JnrFuseServer {
    private static final String PROGRAM = "JnrFuseServer";
    /** libfuse 2's largest write: its request buffer is 132 KiB, less a page for the header. */
    static final int MAX_WRITE = 128 * 1024;
    private static final String OPTIONS = "fsname=jnr-fuse,subtype=jnr-fuse,entry_timeout=0,attr_timeout=0,"
            + "negative_timeout=0,big_writes,max_write=" + MAX_WRITE;
    private static final long POLL_MILLIS = 100;

    private JnrFuseServer() {
    }

    /**
     * Mounts and serves until unmounted or signalled, then exits.
     *
     * @param args {@code [--zero-size BYTES] MOUNTPOINT}
     * @throws InterruptedException if interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        AtomicInteger signals = new AtomicInteger();
        Termination.onSignal(signals::incrementAndGet);
        ServerArgs a = ServerArgs.parseOrExit(PROGRAM, args);
        JnrFuseAdapter fs;
        try {
            fs = new JnrFuseAdapter(a.tree());
        } catch (RuntimeException | LinkageError e) {
            System.err.println(PROGRAM + ": cannot load libfuse.so.2 (Debian package libfuse2): " + e);
            System.exit(1);
            return;
        }
        boolean debug = Boolean.getBoolean("peers.debug");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread loop = Thread.ofPlatform().name("jnr-fuse-loop").start(() -> {
            try {
                fs.mount(a.mountpoint(), true, debug, new String[] {"-o", OPTIONS});
            } catch (FuseException e) {
                failure.set(e.getCause() != null ? e.getCause() : e);
            } finally {
                fs.forgetMount();
            }
        });
        int handled = 0;
        while (loop.isAlive()) {
            loop.join(POLL_MILLIS);
            int seen = signals.get();
            if (seen > handled && MountTable.isFuseMounted(a.mountpoint())) {
                handled = seen; // one unmount per signal, once the mount is there
                Unmount.unmount(a.mountpoint());
            }
        }
        if (failure.get() != null) {
            System.err.println(PROGRAM + ": mount on " + a.mountpoint() + " failed: " + failure.get());
            System.exit(1);
        }
        System.exit(0);
    }
}
