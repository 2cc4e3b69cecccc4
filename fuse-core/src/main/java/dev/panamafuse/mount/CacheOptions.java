package dev.panamafuse.mount;

import dev.panamafuse.OpenFile;
import dev.panamafuse.protocol.OperationFlags;
import java.time.Duration;

/**
 * How long the kernel may trust what it cached, and how files use the page cache: the default
 * timeouts of every {@code fuse_entry_out} and {@code fuse_attr_out} the session sends (an
 * {@code Entry} that carries its own timeouts wins), and {@code FOPEN_*} bits added to
 * every open. Immutable; set through {@link MountOptions.Builder} (its setters
 * {@code entryTimeout}, {@code attrTimeout}, {@code negativeTimeout}, {@code directIo},
 * {@code kernelCache}), read from {@link MountOptions#cache()}.
 *
 * @param entryTimeout    how long the kernel caches a name ({@code entry_timeout=}, seconds,
 *                        fractions allowed), 0 to 10⁹ s; default 1 s
 * @param attrTimeout     how long the kernel caches attributes ({@code attr_timeout=}), 0 to 10⁹ s;
 *                        default 1 s
 * @param negativeTimeout how long the kernel caches a failed lookup ({@code negative_timeout=}),
 *                        0 to 10⁹ s; default 0 (not cached)
 * @param directIo        whether every open file gets {@link OpenFile#DIRECT_IO}
 *                        ({@code direct_io}): no page cache; default off
 * @param kernelCache     whether every open file gets {@link OpenFile#KEEP_CACHE}
 *                        ({@code kernel_cache}): the page cache survives opens, right only when
 *                        the data never changes behind the kernel's back; default off
 */
public record CacheOptions(Duration entryTimeout, Duration attrTimeout, Duration negativeTimeout, boolean directIo,
                           boolean kernelCache) {
    private static final CacheOptions DEFAULTS = new CacheOptions(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ZERO, false, false);

    /**
     * Checks every timeout.
     *
     * @throws IllegalArgumentException naming the option whose value is out of range
     * @throws NullPointerException     naming a missing timeout
     */
    public CacheOptions {
        OptionText.seconds("entry_timeout", entryTimeout);
        OptionText.seconds("attr_timeout", attrTimeout);
        OptionText.seconds("negative_timeout", negativeTimeout);
    }

    /** {@return the defaults: names and attributes cached 1 s, failed lookups not at all, the page cache as usual} */
    public static CacheOptions defaults() {
        return DEFAULTS;
    }

    /** {@return the {@code FOPEN_*} bits added to every open: {@link OpenFile#DIRECT_IO}, {@link OpenFile#KEEP_CACHE}} */
    public int openFlags() {
        return (directIo ? OperationFlags.FOPEN_DIRECT_IO : 0) | (kernelCache ? OperationFlags.FOPEN_KEEP_CACHE : 0);
    }

    /**
     * These options as {@code -o} text that {@link MountOptions.Builder#parse(String)} reads
     * back, e.g. {@code entry_timeout=1,attr_timeout=1,negative_timeout=0}.
     */
    @Override
    public String toString() {
        return "entry_timeout=" + OptionText.seconds(entryTimeout) + ",attr_timeout=" + OptionText.seconds(attrTimeout)
                + ",negative_timeout=" + OptionText.seconds(negativeTimeout) + (directIo ? ",direct_io" : "")
                + (kernelCache ? ",kernel_cache" : "");
    }
}
