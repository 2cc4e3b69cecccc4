package dev.panamafuse.mount;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How to mount a filesystem, one record per concern: what the kernel's mount gets
 * ({@link KernelOptions}), what the session asks for in {@code FUSE_INIT} ({@link InitOptions}),
 * the session's threads ({@link ThreadingOptions}) and cache timeouts ({@link CacheOptions}),
 * plus how to mount and unmount. Immutable; build with {@link #builder()}, or parse
 * mount(8)-style text with {@link Builder#parse(String)}.
 *
 * <p>Option names follow libfuse and mount(8) wherever they have one, so {@code -o} strings
 * written for libfuse filesystems carry over; {@link Builder#option(String)} lists them.
 * {@link #toString()} writes the options as such text.
 *
 * @param kernel        the kernel's mount options
 * @param init          the wishes of {@code FUSE_INIT}
 * @param threading     the session's threads and request buffers
 * @param cache         the cache timeouts and per-open cache flags
 * @param mountMethod   how to mount ({@code mount_method=}); default {@link MountMethod#AUTO}
 * @param autoUnmount   whether the mount is removed when this process dies, however it dies
 *                      ({@code auto_unmount}): {@code fusermount3} stays alive watching a socket
 *                      to this process and unmounts when it closes; implies
 *                      {@link MountMethod#FUSERMOUNT}, also for root. Default off
 * @param unmountOnExit whether a JVM shutdown hook unmounts the filesystem (and waits for the
 *                      session to drain) when the JVM exits without closing it; default on
 * @param debug         whether every request and reply is logged at DEBUG level
 *                      ({@code debug}); default off
 */
public record MountOptions(KernelOptions kernel, InitOptions init, ThreadingOptions threading, CacheOptions cache,
                           MountMethod mountMethod, boolean autoUnmount, boolean unmountOnExit, boolean debug) {
    private static final MountOptions DEFAULTS = builder().build();

    /**
     * Checks that every part is present and that the parts agree.
     *
     * @throws IllegalArgumentException when options exclude each other ({@code passthrough} with
     *                                  {@code writeback_cache})
     */
    public MountOptions {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(threading, "threading");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(mountMethod, "mount_method");
        init.checkConsistent();
    }

    /** {@return options with every default} */
    public static MountOptions defaults() {
        return DEFAULTS;
    }

    /** {@return a builder holding the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these options, to derive changed ones: e.g.
     * {@code options.toBuilder().readOnly(true).build()}.
     *
     * @return a new builder with every value of these options
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** {@return the capabilities asked for in INIT: {@code init().capabilities()}} */
    public Set<Capability> capabilities() {
        return init.capabilities();
    }

    /**
     * Whether a capability is asked for in INIT: {@code init().isEnabled(capability)}.
     *
     * @param capability the capability
     * @return true if asked for
     */
    public boolean isEnabled(Capability capability) {
        return init.isEnabled(capability);
    }

    /** {@return the largest WRITE payload asked for: {@code init().maxWrite()}} */
    public int maxWrite() {
        return init.maxWrite();
    }

    /** {@return the readahead wanted in bytes: {@code init().maxReadahead()}} */
    public int maxReadahead() {
        return init.maxReadahead();
    }

    /** {@return the kernel's limit of background requests, 0 for its own: {@code init().maxBackground()}} */
    public int maxBackground() {
        return init.maxBackground();
    }

    /** {@return the kernel's congestion threshold, 0 for its own: {@code init().congestionThreshold()}} */
    public int congestionThreshold() {
        return init.congestionThreshold();
    }

    /** {@return where handlers run: {@code threading().policy()}} */
    public ThreadingPolicy dispatch() {
        return threading.policy();
    }

    /** {@return the number of reader threads: {@code threading().readers()}} */
    public int readers() {
        return threading.readers();
    }

    /** {@return the number of pooled request buffers: {@code threading().maxInFlight()}} */
    public int maxInFlight() {
        return threading.maxInFlight();
    }

    /** {@return how long close waits for requests in flight: {@code threading().unmountGrace()}} */
    public Duration unmountGrace() {
        return threading.unmountGrace();
    }

    /** {@return the default time the kernel caches a name: {@code cache().entryTimeout()}} */
    public Duration entryTimeout() {
        return cache.entryTimeout();
    }

    /** {@return the default time the kernel caches attributes: {@code cache().attrTimeout()}} */
    public Duration attrTimeout() {
        return cache.attrTimeout();
    }

    /** {@return the time the kernel caches a failed lookup: {@code cache().negativeTimeout()}} */
    public Duration negativeTimeout() {
        return cache.negativeTimeout();
    }

    /** {@return the {@code FOPEN_*} bits added to every open: {@code cache().openFlags()}} */
    public int openFlags() {
        return cache.openFlags();
    }

    /**
     * The options as mount(8)-style text that {@link Builder#parse(String)} reads back: the
     * kernel's options (starting with {@code fsname=}), then INIT's, the cache's and the
     * threading's, then {@code debug}, {@code auto_unmount} and {@code mount_method=} when not
     * the default.
     */
    @Override
    public String toString() {
        return kernel + "," + init + "," + cache + "," + threading + (debug ? ",debug" : "")
                + (autoUnmount ? ",auto_unmount" : "")
                + (mountMethod != MountMethod.AUTO ? ",mount_method=" + mountMethod.optionValue() : "");
    }

    /**
     * Builds {@link MountOptions}: a setter per option, named as the option's accessor, e.g.
     * {@code builder().fsName("demo").flag(MountFlag.ALLOW_OTHER, true).attrTimeout(Duration.ZERO)};
     * {@link #parse(String)} and {@link #option(String)} set the same values from {@code -o}
     * text. Every value is checked when it is set, and refused with a message naming its
     * option. The setters: {@code fsName}, {@code subtype}, {@code flag}, {@code readOnly},
     * {@code maxRead}, {@code blksize}; {@code enable}, {@code disable}, {@code maxWrite},
     * {@code maxReadahead}, {@code maxBackground}, {@code congestionThreshold};
     * {@code threading} (or {@code dispatch}), {@code readers}, {@code maxInFlight},
     * {@code unmountGrace}; {@code entryTimeout}, {@code attrTimeout}, {@code negativeTimeout},
     * {@code directIo}, {@code kernelCache}; {@code mountMethod}, {@code autoUnmount},
     * {@code unmountOnExit}, {@code debug}. {@link MountOptions#toBuilder()} starts from options
     * built before.
     */
    public static final class Builder extends AbstractMountOptionsBuilder {
        private MountMethod mountMethod = MountMethod.AUTO;
        private boolean autoUnmount;
        private boolean unmountOnExit = true;
        private boolean debug;

        private Builder() {
            super(KernelOptions.defaults(), InitOptions.defaults(), ThreadingOptions.defaults(),
                    CacheOptions.defaults());
        }

        private Builder(MountOptions options) {
            super(options.kernel, options.init, options.threading, options.cache);
            mountMethod = options.mountMethod;
            autoUnmount = options.autoUnmount;
            unmountOnExit = options.unmountOnExit;
            debug = options.debug;
        }

        /**
         * Applies a comma-separated list of options, as after {@code mount -o}: e.g.
         * {@code "ro,allow_other,fsname=demo,attr_timeout=0"}; later options win. A comma or
         * backslash inside a value is written {@code \\,} / {@code \\\\}.
         *
         * @param options the list; empty entries are ignored
         * @return this builder
         * @throws IllegalArgumentException naming the first unknown or malformed option
         */
        public Builder parse(String options) {
            MountOptionParser.parse(this, options);
            return this;
        }

        /**
         * Applies one option, {@code name} or {@code name=value}. The names: every
         * {@link MountFlag#optionName()} and {@link MountFlag#oppositeName()} ({@code ro},
         * {@code rw}, {@code [no]suid}, {@code [no]dev}, {@code [no]exec}, {@code [no]atime},
         * {@code sync}, {@code async}, {@code dirsync}, {@code allow_other}, {@code allow_root},
         * {@code default_permissions}); {@code fsname=}, {@code subtype=}, {@code max_read=},
         * {@code blksize=}; {@code max_write=}, {@code max_readahead=}, {@code max_background=},
         * {@code congestion_threshold=}; {@code entry_timeout=}, {@code attr_timeout=},
         * {@code negative_timeout=} (seconds, fractions allowed), {@code direct_io} and
         * {@code kernel_cache}; {@code readers=}, {@code clone_fd}, {@code max_inflight=} (or
         * libfuse's {@code max_threads=}), {@code threading=inline|hybrid|virtual} (or
         * {@code dispatch=}), {@code unmount_grace=} (seconds); {@code debug},
         * {@code auto_unmount}, {@code mount_method=auto|direct|fusermount}; every
         * {@link Capability#optionName()} to ask for it and {@code no_} plus that name not to,
         * plus libfuse's {@code sync_read}, {@code readdirplus=yes|no|auto},
         * {@code no_remote_lock}, {@code no_remote_posix_lock} and {@code no_remote_flock}.
         *
         * @param option the option
         * @return this builder
         * @throws IllegalArgumentException naming the option when it is unknown, lacks a value,
         *                                  has a value it does not take, or its value is invalid
         */
        public Builder option(String option) {
            MountOptionParser.option(this, option);
            return this;
        }

        /**
         * Sets {@link MountOptions#mountMethod()} ({@code mount_method=}).
         *
         * @param method the method, not null
         * @return this builder
         */
        public Builder mountMethod(MountMethod method) {
            mountMethod = Objects.requireNonNull(method, "mount_method");
            return this;
        }

        /**
         * Sets {@link MountOptions#autoUnmount()} ({@code auto_unmount}).
         *
         * @param on the new state
         * @return this builder
         */
        public Builder autoUnmount(boolean on) {
            autoUnmount = on;
            return this;
        }

        /**
         * Sets {@link MountOptions#unmountOnExit()}.
         *
         * @param on the new state
         * @return this builder
         */
        public Builder unmountOnExit(boolean on) {
            unmountOnExit = on;
            return this;
        }

        /**
         * Sets {@link MountOptions#debug()} ({@code debug}).
         *
         * @param on the new state
         * @return this builder
         */
        public Builder debug(boolean on) {
            debug = on;
            return this;
        }

        /**
         * The options.
         *
         * @return the options
         * @throws IllegalArgumentException when options exclude each other ({@code passthrough}
         *         with {@code writeback_cache})
         */
        public MountOptions build() {
            return new MountOptions(kernel(), init(), threading(), cache(), mountMethod, autoUnmount, unmountOnExit,
                    debug);
        }
    }
}
