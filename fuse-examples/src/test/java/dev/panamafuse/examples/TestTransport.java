package dev.panamafuse.examples;

import dev.panamafuse.mount.Capability;
import dev.panamafuse.mount.FuseMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which transport the mounted suites run over: {@code /dev/fuse} (the default), or FUSE over
 * io_uring when the system property {@code panamafuse.it.transport} is {@code io_uring} (the
 * second failsafe execution of this module). For io_uring it switches the {@code fuse} module's
 * {@code enable_uring} on for the test JVM and restores the previous value when the JVM ends,
 * and {@link #check} fails a mount that fell back to {@code /dev/fuse}, so the io_uring run never
 * tests the classic transport by mistake.
 */
public final class TestTransport {
    private static final Path ENABLE = Path.of("/sys/module/fuse/parameters/enable_uring");
    private static final boolean IO_URING = "io_uring".equals(System.getProperty("panamafuse.it.transport"));

    static {
        if (IO_URING) {
            try {
                String before = Files.readString(ENABLE).trim();
                Files.writeString(ENABLE, "Y");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Files.writeString(ENABLE, before);
                    } catch (IOException e) {
                        System.err.println("could not restore " + ENABLE + " to " + before + ": " + e);
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException("the io_uring run needs " + ENABLE + " (root, Linux 6.14+)", e);
            }
        }
    }

    private TestTransport() {
    }

    /**
     * The mount options of a suite, with {@code io_uring} added in the io_uring run.
     *
     * @param options the suite's own {@code -o} options
     * @return the options to mount with
     */
    public static String options(String options) {
        return IO_URING ? options + ",io_uring" : options;
    }

    /**
     * Fails when the io_uring run's mount does not use the ring.
     *
     * @param mount a fresh mount made with {@link #options}
     * @return the mount
     */
    public static FuseMount check(FuseMount mount) {
        if (IO_URING && !mount.connection().isEnabled(Capability.IO_URING)) {
            throw new AssertionError("the io_uring run mounted without FUSE over io_uring");
        }
        return mount;
    }
}
