package dev.panamafuse.mount;

import java.time.Duration;
import java.util.Objects;

/**
 * The session's threads and request buffers: how many threads read {@code /dev/fuse}, where
 * handlers run, how many requests are handled at once, and how long an unmount waits for them.
 * Immutable; set through {@link MountOptions.Builder} (its setters {@code threading},
 * {@code readers}, {@code maxInFlight}, {@code unmountGrace}), read from
 * {@link MountOptions#threading()}.
 *
 * @param policy       where handlers run ({@code threading=inline|hybrid|virtual}, also accepted
 *                     as {@code dispatch=}); default {@link ThreadingPolicy#HYBRID}
 * @param readers      platform threads reading {@code /dev/fuse} ({@code readers=}), each after
 *                     the first on its own cloned descriptor ({@code FUSE_DEV_IOC_CLONE}), 1 to 64;
 *                     default the number of processors, at least 2 and at most 8. libfuse's
 *                     {@code clone_fd} sets one per processor, at least 2
 * @param maxInFlight  pooled request buffers ({@code max_inflight=}, libfuse's
 *                     {@code max_threads=}), 1 to 4096; default 64: the bound on requests handled
 *                     at once from those buffers, and so on their memory. Requests that wait on
 *                     virtual threads (a lock, a poll, a slow handler) get memory of their own
 *                     when the pool runs low, so they never keep the readers from reading
 * @param unmountGrace how long closing the mount waits for requests in flight before the
 *                     connection is aborted ({@code unmount_grace=}, seconds), 0 to 10⁹ s;
 *                     default 5 s
 */
public record ThreadingOptions(ThreadingPolicy policy, int readers, int maxInFlight, Duration unmountGrace) {
    static final IntOption READERS = new IntOption("readers", 1, 64);
    static final IntOption MAX_IN_FLIGHT = new IntOption("max_inflight", 1, 4096);
    private static final ThreadingOptions DEFAULTS = new ThreadingOptions(ThreadingPolicy.HYBRID,
            Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors())), 64, Duration.ofSeconds(5));

    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException naming the option whose value is invalid
     */
    public ThreadingOptions {
        Objects.requireNonNull(policy, "threading");
        READERS.check(readers);
        MAX_IN_FLIGHT.check(maxInFlight);
        OptionText.seconds("unmount_grace", unmountGrace);
    }

    /** {@return the defaults: {@code hybrid}, readers per processor (2 to 8), 64 buffers, 5 s grace} */
    public static ThreadingOptions defaults() {
        return DEFAULTS;
    }

    /**
     * libfuse's {@code clone_fd}: one reader per processor, at least 2 and at most 64, each on its
     * own cloned descriptor.
     *
     * @return the number of readers
     */
    static int cloneFdReaders() {
        return Math.min(READERS.max(), Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * These options as {@code -o} text that {@link MountOptions.Builder#parse(String)} reads
     * back, e.g. {@code readers=2,threading=hybrid,max_inflight=64,unmount_grace=5}.
     */
    @Override
    public String toString() {
        return "readers=" + readers + ",threading=" + policy.optionValue() + ",max_inflight=" + maxInFlight
                + ",unmount_grace=" + OptionText.seconds(unmountGrace);
    }
}
