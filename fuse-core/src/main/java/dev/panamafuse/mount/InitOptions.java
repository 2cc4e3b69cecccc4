package dev.panamafuse.mount;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the session asks for in its answer to {@code FUSE_INIT}: the capabilities it wants and
 * the limits it sets. The kernel grants a capability only if it offers it too, and INIT can only
 * lower the kernel's own limits; {@link FuseMount#connection()} tells what was agreed. Immutable;
 * set through {@link MountOptions.Builder} (its setters {@code enable}, {@code disable},
 * {@code maxWrite}, {@code maxReadahead}, {@code maxBackground}, {@code congestionThreshold}),
 * read from {@link MountOptions#init()}.
 *
 * <p>Not options: {@code max_pages} follows from {@code max_write} (its pages, at most 65535);
 * {@code time_gran} is 1 ns; big writes, async direct I/O, ioctl on directories and
 * {@code SETXATTR_EXT} are always asked for.
 *
 * @param capabilities        the capabilities asked for ({@code -o NAME}, refused with
 *                            {@code -o no_NAME}); default {@code async_read},
 *                            {@code parallel_dirops}, {@code readdirplus},
 *                            {@code readdirplus_auto}, {@code auto_inval_data},
 *                            {@code posix_locks} and {@code flock_locks}
 * @param maxWrite            largest WRITE payload in bytes ({@code max_write=}, INIT's
 *                            {@code max_write}, with {@code max_pages} to match), 4096 to
 *                            16777216; default 1 MiB
 * @param maxReadahead        readahead wanted in bytes ({@code max_readahead=}), 0 to 2147483647;
 *                            0 accepts the kernel's; default 1 MiB. INIT can only lower the
 *                            kernel's offer (128 KiB unless the admin changed it), so when this is
 *                            larger the mount layer raises the mount's
 *                            {@code /sys/class/bdi/MAJOR:MINOR/read_ahead_kb} after mounting,
 *                            where the process may write it (root)
 * @param maxBackground       the kernel's limit of background requests ({@code max_background=}),
 *                            0 to 65535; 0 (the default) keeps the kernel's
 * @param congestionThreshold background requests at which the kernel reports congestion
 *                            ({@code congestion_threshold=}), 0 to 65535; 0 (the default) keeps
 *                            the kernel's
 */
public record InitOptions(Set<Capability> capabilities, int maxWrite, int maxReadahead, int maxBackground,
                          int congestionThreshold) {
    static final IntOption MAX_WRITE = new IntOption("max_write", 4096, 16 << 20);
    static final IntOption MAX_READAHEAD = new IntOption("max_readahead", 0, Integer.MAX_VALUE);
    /** The kernel's {@code max_background} and {@code congestion_threshold} are u16. */
    static final IntOption MAX_BACKGROUND = new IntOption("max_background", 0, 65535);
    static final IntOption CONGESTION_THRESHOLD = new IntOption("congestion_threshold", 0, 65535);
    /** The capabilities asked for by default, as each {@link Capability} tells. */
    private static final InitOptions DEFAULTS = new InitOptions(EnumSet.of(Capability.ASYNC_READ,
            Capability.PARALLEL_DIROPS, Capability.READDIRPLUS, Capability.READDIRPLUS_AUTO, Capability.AUTO_INVAL_DATA,
            Capability.POSIX_LOCKS, Capability.FLOCK_LOCKS), 1 << 20, 1 << 20, 0, 0);

    /**
     * Checks every value; keeps an unmodifiable copy of {@code capabilities}.
     *
     * @throws IllegalArgumentException naming the option whose value is invalid
     */
    public InitOptions {
        Objects.requireNonNull(capabilities, "capabilities");
        capabilities = Collections.unmodifiableSet(capabilities.isEmpty()
                ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities));
        MAX_WRITE.check(maxWrite);
        MAX_READAHEAD.check(maxReadahead);
        MAX_BACKGROUND.check(maxBackground);
        CONGESTION_THRESHOLD.check(congestionThreshold);
    }

    /** {@return the defaults: the capabilities on by default, 1 MiB writes and readahead, the kernel's queue limits} */
    public static InitOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Whether a capability is asked for.
     *
     * @param capability the capability
     * @return true if asked for
     */
    public boolean isEnabled(Capability capability) {
        return capabilities.contains(capability);
    }

    /**
     * Refuses capabilities that exclude each other.
     *
     * @throws IllegalArgumentException for {@code passthrough} with {@code writeback_cache}
     */
    void checkConsistent() {
        if (isEnabled(Capability.PASSTHROUGH) && isEnabled(Capability.WRITEBACK_CACHE)) {
            throw new IllegalArgumentException("passthrough and writeback_cache exclude each other: the kernel"
                    + " turns passthrough off under writeback caching; enable one of them");
        }
    }

    /**
     * These options as {@code -o} text that {@link MountOptions.Builder#parse(String)} reads
     * back: the limits, then each capability that differs from its default, e.g.
     * {@code max_write=1048576,max_readahead=1048576,writeback_cache,no_async_read}.
     */
    @Override
    public String toString() {
        List<String> s = new ArrayList<>(List.of("max_write=" + maxWrite, "max_readahead=" + maxReadahead));
        if (maxBackground > 0) {
            s.add("max_background=" + maxBackground);
        }
        if (congestionThreshold > 0) {
            s.add("congestion_threshold=" + congestionThreshold);
        }
        for (Capability c : Capability.values()) {
            if (capabilities.contains(c) != c.defaultOn()) {
                s.add((capabilities.contains(c) ? "" : "no_") + c.optionName());
            }
        }
        return String.join(",", s);
    }
}
