package dev.panamafuse.mount;

/**
 * Where a request's handler runs: on the platform thread that read it from {@code /dev/fuse},
 * or on a virtual thread of its own. Chosen with {@link MountOptions.Builder#threading(ThreadingPolicy)}
 * or the mount option {@code threading=inline|hybrid|virtual} (also accepted as {@code dispatch=}),
 * and held in {@link ThreadingOptions#policy()}.
 *
 * <p>Running a handler on the reader saves the hand-off to another thread (a wake-up of a
 * carrier thread, several microseconds on a small machine), which is most of the cost of a
 * cheap request such as a {@code stat}. The price: while a handler runs inline its reader
 * reads nothing, so a handler that blocks (on a lock, the network, a slow disk) holds up other
 * requests once every reader is busy. {@code benchmarks/README.md} has the measurements behind
 * the default.
 */
public enum ThreadingPolicy {
    /**
     * Every request runs on the reader that read it, as libfuse does — except {@code SETLKW},
     * which waits for another client's unlock and so always gets a virtual thread: as many
     * requests run at once as there are {@link MountOptions#readers() readers}. The fastest
     * when handlers never block; a handler that blocks stalls its reader, and an
     * {@code INTERRUPT} for it is only read by another reader.
     */
    INLINE,
    /**
     * Every request runs on the reader but those that may wait for long: {@code FSYNC},
     * {@code FSYNCDIR}, {@code SYNCFS}, {@code SETLKW} (a lock that waits for another owner),
     * {@code POLL}, {@code IOCTL}, {@code FALLOCATE}, {@code COPY_FILE_RANGE} and
     * {@code DESTROY}, which each get a virtual thread. The default: the common requests skip the
     * hand-off, and the ones that wait by nature do not hold up a reader.
     */
    HYBRID,
    /**
     * Every request runs on its own virtual thread: the choice when handlers may block on
     * anything, e.g. a network filesystem. Up to {@link MountOptions#maxInFlight()} run in the
     * pooled buffers; beyond that, requests that wait get memory of their own, so the readers
     * keep reading (the request that ends a wait, an {@code INTERRUPT}).
     */
    VIRTUAL;

    /** {@return the option value: {@code inline}, {@code hybrid} or {@code virtual}} */
    public String optionValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
