package dev.panamafuse.mount;

import dev.panamafuse.OpenFile;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How to mount a filesystem: kernel mount flags, what is negotiated in {@code FUSE_INIT}, cache
 * timeouts and the session's threads and memory. Immutable; build with {@link #builder()}, or
 * parse mount(8)-style text with {@link Builder#parse(String)}.
 *
 * <p>Option names follow libfuse and mount(8) wherever they have one, so {@code -o} strings
 * written for libfuse filesystems carry over. See {@link Builder#option(String)} for the list.
 */
public final class MountOptions {
    private final String fsName;
    private final String subtype;
    private final boolean allowOther;
    private final boolean defaultPermissions;
    private final boolean readOnly;
    private final boolean nosuid;
    private final boolean nodev;
    private final boolean noexec;
    private final boolean noatime;
    private final boolean sync;
    private final boolean dirsync;
    private final int maxRead;
    private final int blksize;
    private final int maxWrite;
    private final int maxReadahead;
    private final int maxBackground;
    private final int congestionThreshold;
    private final Duration entryTimeout;
    private final Duration attrTimeout;
    private final Duration negativeTimeout;
    private final int readers;
    private final int maxInFlight;
    private final ThreadingPolicy dispatch;
    private final Duration unmountGrace;
    private final boolean debug;
    private final Set<Capability> capabilities;
    private final int openFlags;
    private final boolean unmountOnExit;
    private final boolean allowRoot;
    private final boolean autoUnmount;
    private final MountMethod mountMethod;

    private MountOptions(Builder b) {
        fsName = b.fsName;
        subtype = b.subtype;
        allowOther = b.allowOther;
        defaultPermissions = b.defaultPermissions;
        readOnly = b.readOnly;
        nosuid = b.nosuid;
        nodev = b.nodev;
        noexec = b.noexec;
        noatime = b.noatime;
        sync = b.sync;
        dirsync = b.dirsync;
        maxRead = b.maxRead;
        blksize = b.blksize;
        maxWrite = b.maxWrite;
        maxReadahead = b.maxReadahead;
        maxBackground = b.maxBackground;
        congestionThreshold = b.congestionThreshold;
        entryTimeout = b.entryTimeout;
        attrTimeout = b.attrTimeout;
        negativeTimeout = b.negativeTimeout;
        readers = b.readers;
        maxInFlight = b.maxInFlight;
        dispatch = b.dispatch;
        unmountGrace = b.unmountGrace;
        debug = b.debug;
        capabilities = Collections.unmodifiableSet(EnumSet.copyOf(b.capabilities.isEmpty()
                ? EnumSet.noneOf(Capability.class) : b.capabilities));
        openFlags = b.openFlags;
        unmountOnExit = b.unmountOnExit;
        allowRoot = b.allowRoot;
        autoUnmount = b.autoUnmount;
        mountMethod = b.mountMethod;
    }

    /** Options with every default. */
    public static MountOptions defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The source shown in {@code /proc/mounts} and {@code df} ({@code fsname}); default "panamafuse". */
    public String fsName() {
        return fsName;
    }

    /** The type suffix shown as {@code fuse.SUBTYPE} ({@code subtype}); null for plain "fuse". */
    public String subtype() {
        return subtype;
    }

    /** Whether users other than the mounting one may access the mount ({@code allow_other}). */
    public boolean allowOther() {
        return allowOther;
    }

    /** Whether the kernel checks permissions from the mode bits ({@code default_permissions}). */
    public boolean defaultPermissions() {
        return defaultPermissions;
    }

    /** Whether the mount is read-only ({@code ro}). */
    public boolean readOnly() {
        return readOnly;
    }

    /** Whether set-user-id bits are ignored ({@code nosuid}; default true). */
    public boolean nosuid() {
        return nosuid;
    }

    /** Whether device nodes cannot be opened ({@code nodev}; default true). */
    public boolean nodev() {
        return nodev;
    }

    /** Whether programs cannot be executed ({@code noexec}). */
    public boolean noexec() {
        return noexec;
    }

    /** Whether access times are not updated ({@code noatime}). */
    public boolean noatime() {
        return noatime;
    }

    /** Whether writes are synchronous ({@code sync}). */
    public boolean sync() {
        return sync;
    }

    /** Whether directory changes are synchronous ({@code dirsync}). */
    public boolean dirsync() {
        return dirsync;
    }

    /** Largest READ request in bytes ({@code max_read}); 0 for the kernel's default. */
    public int maxRead() {
        return maxRead;
    }

    /** Block size of the mount ({@code blksize}); 0 for the kernel's default. */
    public int blksize() {
        return blksize;
    }

    /** Largest WRITE payload asked for in INIT ({@code max_write}); default 1 MiB. */
    public int maxWrite() {
        return maxWrite;
    }

    /**
     * Readahead wanted, in bytes ({@code max_readahead}); default 1 MiB, 0 accepts the kernel's.
     * {@code FUSE_INIT} can only lower the kernel's offer (128 KiB unless the admin changed
     * it), so when this is larger the mount layer raises the mount's
     * {@code /sys/class/bdi/MAJOR:MINOR/read_ahead_kb} after mounting, where the process may
     * write it (root); page-cache reads then reach the server in requests of up to
     * {@code max_pages}.
     */
    public int maxReadahead() {
        return maxReadahead;
    }

    /** Kernel's limit of background requests ({@code max_background}); 0 for the kernel's default. */
    public int maxBackground() {
        return maxBackground;
    }

    /** Kernel's congestion threshold ({@code congestion_threshold}); 0 for the kernel's default. */
    public int congestionThreshold() {
        return congestionThreshold;
    }

    /** Default time the kernel caches a name ({@code entry_timeout}); default 1 s. */
    public Duration entryTimeout() {
        return entryTimeout;
    }

    /** Default time the kernel caches attributes ({@code attr_timeout}); default 1 s. */
    public Duration attrTimeout() {
        return attrTimeout;
    }

    /** Time the kernel caches a failed lookup ({@code negative_timeout}); default 0. */
    public Duration negativeTimeout() {
        return negativeTimeout;
    }

    /**
     * Number of platform threads reading {@code /dev/fuse} ({@code readers}), each on its own
     * cloned file descriptor; default: the number of processors, at least 2 and at most 8.
     */
    public int readers() {
        return readers;
    }

    /**
     * Number of pooled request buffers ({@code max_inflight}); default 64: the bound on requests
     * handled at once from those buffers, and so on their memory. Requests that wait on virtual
     * threads (a lock, a poll, a slow handler) get memory of their own when the pool runs low,
     * so they never keep the readers from reading.
     */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** Where handlers run ({@code dispatch=}); default {@link ThreadingPolicy#HYBRID}. */
    public ThreadingPolicy dispatch() {
        return dispatch;
    }

    /** How long close waits for requests in flight before detaching ({@code unmount_grace}); default 5 s. */
    public Duration unmountGrace() {
        return unmountGrace;
    }

    /** Whether every request and reply is logged at DEBUG level ({@code debug}). */
    public boolean debug() {
        return debug;
    }

    /** The capabilities asked for in INIT (each used only if the kernel offers it). */
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /**
     * Whether a capability is asked for.
     *
     * @param capability the capability
     * @return true if enabled
     */
    public boolean isEnabled(Capability capability) {
        return capabilities.contains(capability);
    }

    /**
     * Whether only the mounting user and root may access the mount ({@code allow_root}): the
     * kernel is told {@code allow_other} and the session answers EACCES to every other user.
     */
    public boolean allowRoot() {
        return allowRoot;
    }

    /** Whether a JVM shutdown hook unmounts the filesystem when the JVM exits without closing it; default true. */
    public boolean unmountOnExit() {
        return unmountOnExit;
    }

    /** {@code FOPEN_*} bits added to every open ({@code direct_io}, {@code kernel_cache}). */
    public int openFlags() {
        return openFlags;
    }

    /**
     * Whether the mount is removed when this process dies, however it dies ({@code auto_unmount}):
     * {@code fusermount3} stays alive watching a socket to this process and unmounts when it
     * closes. Implies {@link MountMethod#FUSERMOUNT}, also for root.
     */
    public boolean autoUnmount() {
        return autoUnmount;
    }

    /** How to mount ({@code mount_method}); default {@link MountMethod#AUTO}. */
    public MountMethod mountMethod() {
        return mountMethod;
    }

    /** The options as a mount(8)-style string that {@link Builder#parse(String)} reads back. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("fsname=").append(escape(fsName));
        if (subtype != null) {
            s.append(",subtype=").append(escape(subtype));
        }
        s.append(readOnly ? ",ro" : ",rw").append(nosuid ? ",nosuid" : ",suid").append(nodev ? ",nodev" : ",dev");
        s.append(noexec ? ",noexec" : "").append(noatime ? ",noatime" : "").append(sync ? ",sync" : "");
        s.append(dirsync ? ",dirsync" : "").append(allowOther ? ",allow_other" : "").append(allowRoot ? ",allow_root" : "");
        s.append(defaultPermissions ? ",default_permissions" : "").append(debug ? ",debug" : "");
        s.append(maxRead > 0 ? ",max_read=" + maxRead : "").append(blksize > 0 ? ",blksize=" + blksize : "");
        s.append(",max_write=").append(maxWrite).append(",max_readahead=").append(maxReadahead);
        s.append(maxBackground > 0 ? ",max_background=" + maxBackground : "");
        s.append(congestionThreshold > 0 ? ",congestion_threshold=" + congestionThreshold : "");
        s.append(",entry_timeout=").append(seconds(entryTimeout)).append(",attr_timeout=").append(seconds(attrTimeout));
        s.append(",negative_timeout=").append(seconds(negativeTimeout)).append(",readers=").append(readers)
                .append(",dispatch=").append(dispatch.optionValue());
        s.append(",max_inflight=").append(maxInFlight).append(",unmount_grace=").append(seconds(unmountGrace));
        s.append((openFlags & OpenFile.DIRECT_IO) != 0 ? ",direct_io" : "");
        s.append((openFlags & OpenFile.KEEP_CACHE) != 0 ? ",kernel_cache" : "");
        s.append(autoUnmount ? ",auto_unmount" : "");
        s.append(mountMethod != MountMethod.AUTO ? ",mount_method=" + mountMethod.optionValue() : "");
        for (Capability c : Capability.values()) {
            if (capabilities.contains(c) != c.defaultOn()) {
                s.append(capabilities.contains(c) ? "," : ",no_").append(c.optionName());
            }
        }
        return s.toString();
    }

    /** Escapes what {@link Builder#parse(String)} unescapes, so a value with a backslash reads back the same. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,");
    }

    private static String seconds(Duration d) {
        return d.getNano() == 0 ? Long.toString(d.getSeconds()) : Double.toString(d.toNanos() / 1e9);
    }

    /** Builds {@link MountOptions}; every setter checks its value and names it when it is wrong. */
    public static final class Builder {
        private String fsName = "panamafuse";
        private String subtype;
        private boolean allowOther;
        private boolean defaultPermissions;
        private boolean readOnly;
        private boolean nosuid = true;
        private boolean nodev = true;
        private boolean noexec;
        private boolean noatime;
        private boolean sync;
        private boolean dirsync;
        private int maxRead;
        private int blksize;
        private int maxWrite = 1 << 20;
        private int maxReadahead = 1 << 20;
        private int maxBackground;
        private int congestionThreshold;
        private Duration entryTimeout = Duration.ofSeconds(1);
        private Duration attrTimeout = Duration.ofSeconds(1);
        private Duration negativeTimeout = Duration.ZERO;
        private int readers = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
        private int maxInFlight = 64;
        private ThreadingPolicy dispatch = ThreadingPolicy.HYBRID;
        private Duration unmountGrace = Duration.ofSeconds(5);
        private boolean debug;
        private final EnumSet<Capability> capabilities = EnumSet.noneOf(Capability.class);
        private int openFlags;
        private boolean unmountOnExit = true;
        private boolean allowRoot;
        private boolean autoUnmount;
        private MountMethod mountMethod = MountMethod.AUTO;

        private Builder() {
            for (Capability c : Capability.values()) {
                if (c.defaultOn()) {
                    capabilities.add(c);
                }
            }
        }

        /**
         * Applies a comma-separated list of options, as after {@code mount -o}: e.g.
         * {@code "ro,allow_other,fsname=demo,attr_timeout=0"}. A comma or backslash inside a value
         * is written {@code \\,} / {@code \\\\}.
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
         * Applies one option, {@code name} or {@code name=value}: {@code ro}, {@code rw},
         * {@code allow_other}, {@code default_permissions}, {@code [no]suid}, {@code [no]dev},
         * {@code [no]exec}, {@code [no]atime}, {@code sync}, {@code async}, {@code dirsync},
         * {@code debug}, {@code fsname=}, {@code subtype=}, {@code max_read=}, {@code blksize=},
         * {@code max_write=}, {@code max_readahead=}, {@code max_background=},
         * {@code congestion_threshold=}, {@code entry_timeout=}, {@code attr_timeout=},
         * {@code negative_timeout=} (seconds, fractions allowed), {@code readers=},
         * {@code max_inflight=}, {@code dispatch=inline|hybrid|virtual}, {@code unmount_grace=} (seconds); {@code direct_io} and
         * {@code kernel_cache} (applied to every open); {@code auto_unmount};
         * {@code mount_method=auto|direct|fusermount}; every {@link Capability#optionName()} to
         * enable it and {@code no_} plus that name to disable it, plus libfuse's
         * {@code sync_read}, {@code readdirplus=yes|no|auto}, {@code no_remote_lock},
         * {@code no_remote_posix_lock} and {@code no_remote_flock}.
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
         * Asks for a capability (used when the kernel offers it).
         *
         * @param capability the capability
         * @return this builder
         */
        public Builder enable(Capability capability) {
            capabilities.add(capability);
            return this;
        }

        /**
         * Does not ask for a capability.
         *
         * @param capability the capability
         * @return this builder
         */
        public Builder disable(Capability capability) {
            capabilities.remove(capability);
            return this;
        }

        /**
         * Opens every file with {@link OpenFile#DIRECT_IO} ({@code direct_io}): no page cache.
         *
         * @param on the value
         * @return this builder
         */
        public Builder directIo(boolean on) {
            openFlags = on ? openFlags | OpenFile.DIRECT_IO : openFlags & ~OpenFile.DIRECT_IO;
            return this;
        }

        /**
         * Opens every file with {@link OpenFile#KEEP_CACHE} ({@code kernel_cache}): the page cache
         * survives opens; right only when the data never changes behind the kernel's back.
         *
         * @param on the value
         * @return this builder
         */
        public Builder kernelCache(boolean on) {
            openFlags = on ? openFlags | OpenFile.KEEP_CACHE : openFlags & ~OpenFile.KEEP_CACHE;
            return this;
        }

        /**
         * Sets {@link MountOptions#allowRoot()}.
         *
         * @param on the value
         * @return this builder
         */
        public Builder allowRoot(boolean on) {
            allowRoot = on;
            return this;
        }

        /**
         * Sets {@link MountOptions#unmountOnExit()}: whether the mount registers a JVM shutdown hook
         * that unmounts it (and waits for the session to drain) when the JVM exits without closing it.
         *
         * @param on the value
         * @return this builder
         */
        public Builder unmountOnExit(boolean on) {
            unmountOnExit = on;
            return this;
        }

        /**
         * Sets {@link MountOptions#nosuid()}.
         *
         * @param on the value
         * @return this builder
         */
        public Builder nosuid(boolean on) {
            nosuid = on;
            return this;
        }

        /**
         * Sets {@link MountOptions#nodev()}.
         *
         * @param on the value
         * @return this builder
         */
        public Builder nodev(boolean on) {
            nodev = on;
            return this;
        }

        /**
         * Sets {@link MountOptions#autoUnmount()}.
         *
         * @param on the value
         * @return this builder
         */
        public Builder autoUnmount(boolean on) {
            autoUnmount = on;
            return this;
        }

        /**
         * Sets {@link MountOptions#mountMethod()}.
         *
         * @param method the method, not null
         * @return this builder
         */
        public Builder mountMethod(MountMethod method) {
            mountMethod = Objects.requireNonNull(method, "mount_method");
            return this;
        }

        /**
         * Sets {@link MountOptions#noexec()}.
         *
         * @param on the value
         * @return this builder
         */
        public Builder noexec(boolean on) {
            noexec = on;
            return this;
        }

        /**
         * Sets {@link MountOptions#noatime()}.
         *
         * @param on the value
         * @return this builder
         */
        public Builder noatime(boolean on) {
            noatime = on;
            return this;
        }

        /**
         * Sets {@link MountOptions#sync()}.
         *
         * @param on the value
         * @return this builder
         */
        public Builder sync(boolean on) {
            sync = on;
            return this;
        }

        /**
         * Sets {@link MountOptions#dirsync()}.
         *
         * @param on the value
         * @return this builder
         */
        public Builder dirsync(boolean on) {
            dirsync = on;
            return this;
        }

        /**
         * Sets {@link MountOptions#fsName()}.
         *
         * @param fsName the name; no comma, no whitespace, not empty
         * @return this builder
         */
        public Builder fsName(String fsName) {
            this.fsName = checkName("fsname", fsName);
            return this;
        }

        /**
         * Sets {@link MountOptions#subtype()}.
         *
         * @param subtype the subtype; no comma, no whitespace, not empty; null for none
         * @return this builder
         */
        public Builder subtype(String subtype) {
            this.subtype = subtype == null ? null : checkName("subtype", subtype);
            return this;
        }

        /**
         * Sets {@link MountOptions#allowOther()}.
         *
         * @param allowOther the value
         * @return this builder
         */
        public Builder allowOther(boolean allowOther) {
            this.allowOther = allowOther;
            return this;
        }

        /**
         * Sets {@link MountOptions#defaultPermissions()}.
         *
         * @param defaultPermissions the value
         * @return this builder
         */
        public Builder defaultPermissions(boolean defaultPermissions) {
            this.defaultPermissions = defaultPermissions;
            return this;
        }

        /**
         * Sets {@link MountOptions#readOnly()}.
         *
         * @param readOnly the value
         * @return this builder
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * Sets {@link MountOptions#debug()}.
         *
         * @param debug the value
         * @return this builder
         */
        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        /**
         * Sets {@link MountOptions#maxRead()}.
         *
         * @param maxRead bytes, ≥ 0
         * @return this builder
         */
        public Builder maxRead(int maxRead) {
            this.maxRead = atLeast("max_read", maxRead, 0);
            return this;
        }

        /**
         * Sets {@link MountOptions#blksize()}.
         *
         * @param blksize bytes: 0, or a power of two from 512 to 65536
         * @return this builder
         */
        public Builder blksize(int blksize) {
            if (blksize != 0 && (blksize < 512 || blksize > 65536 || Integer.bitCount(blksize) != 1)) {
                throw new IllegalArgumentException("blksize=" + blksize + ": must be a power of two from 512 to 65536");
            }
            this.blksize = blksize;
            return this;
        }

        /**
         * Sets {@link MountOptions#maxWrite()}.
         *
         * @param maxWrite bytes, from 4096 to 16 MiB
         * @return this builder
         */
        public Builder maxWrite(int maxWrite) {
            if (maxWrite < 4096 || maxWrite > 16 << 20) {
                throw new IllegalArgumentException("max_write=" + maxWrite + ": must be from 4096 to 16777216");
            }
            this.maxWrite = maxWrite;
            return this;
        }

        /**
         * Sets {@link MountOptions#maxReadahead()}.
         *
         * @param maxReadahead bytes, ≥ 0
         * @return this builder
         */
        public Builder maxReadahead(int maxReadahead) {
            this.maxReadahead = atLeast("max_readahead", maxReadahead, 0);
            return this;
        }

        /**
         * Sets {@link MountOptions#maxBackground()}.
         *
         * @param maxBackground requests, 0 to 65535
         * @return this builder
         */
        public Builder maxBackground(int maxBackground) {
            this.maxBackground = atMost("max_background", atLeast("max_background", maxBackground, 0), 65535);
            return this;
        }

        /**
         * Sets {@link MountOptions#congestionThreshold()}.
         *
         * @param congestionThreshold requests, 0 to 65535
         * @return this builder
         */
        public Builder congestionThreshold(int congestionThreshold) {
            this.congestionThreshold = atMost("congestion_threshold",
                    atLeast("congestion_threshold", congestionThreshold, 0), 65535);
            return this;
        }

        /**
         * Sets {@link MountOptions#entryTimeout()}.
         *
         * @param timeout not negative
         * @return this builder
         */
        public Builder entryTimeout(Duration timeout) {
            this.entryTimeout = notNegative("entry_timeout", timeout);
            return this;
        }

        /**
         * Sets {@link MountOptions#attrTimeout()}.
         *
         * @param timeout not negative
         * @return this builder
         */
        public Builder attrTimeout(Duration timeout) {
            this.attrTimeout = notNegative("attr_timeout", timeout);
            return this;
        }

        /**
         * Sets {@link MountOptions#negativeTimeout()}.
         *
         * @param timeout not negative
         * @return this builder
         */
        public Builder negativeTimeout(Duration timeout) {
            this.negativeTimeout = notNegative("negative_timeout", timeout);
            return this;
        }

        /**
         * Sets {@link MountOptions#readers()}.
         *
         * @param readers threads, 1 to 64
         * @return this builder
         */
        public Builder readers(int readers) {
            this.readers = atMost("readers", atLeast("readers", readers, 1), 64);
            return this;
        }

        /**
         * Sets {@link MountOptions#maxInFlight()}.
         *
         * @param maxInFlight requests, 1 to 4096
         * @return this builder
         */
        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = atMost("max_inflight", atLeast("max_inflight", maxInFlight, 1), 4096);
            return this;
        }

        /**
         * Sets {@link MountOptions#dispatch()}.
         *
         * @param dispatch the policy
         * @return this builder
         */
        public Builder dispatch(ThreadingPolicy dispatch) {
            this.dispatch = Objects.requireNonNull(dispatch, "dispatch");
            return this;
        }

        /**
         * Sets {@link MountOptions#unmountGrace()}.
         *
         * @param grace not negative
         * @return this builder
         */
        public Builder unmountGrace(Duration grace) {
            this.unmountGrace = notNegative("unmount_grace", grace);
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
            if (capabilities.contains(Capability.PASSTHROUGH) && capabilities.contains(Capability.WRITEBACK_CACHE)) {
                throw new IllegalArgumentException("passthrough and writeback_cache exclude each other: the kernel"
                        + " turns passthrough off under writeback caching; enable one of them");
            }
            return new MountOptions(this);
        }





        private static String checkName(String option, String value) {
            Objects.requireNonNull(value, option);
            if (value.isEmpty() || value.chars().anyMatch(c -> c == ',' || Character.isWhitespace(c) || c < 32)) {
                throw new IllegalArgumentException(option + "='" + value
                        + "': must be non-empty, without commas, spaces or control characters");
            }
            return value;
        }

        private static int atLeast(String option, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(option + "=" + value + ": must be at least " + min);
            }
            return value;
        }

        private static int atMost(String option, int value, int max) {
            if (value > max) {
                throw new IllegalArgumentException(option + "=" + value + ": must be at most " + max);
            }
            return value;
        }

        private static Duration notNegative(String option, Duration d) {
            Objects.requireNonNull(d, option);
            if (d.isNegative()) {
                throw new IllegalArgumentException(option + "=" + d + ": must not be negative");
            }
            return d;
        }
    }
}
