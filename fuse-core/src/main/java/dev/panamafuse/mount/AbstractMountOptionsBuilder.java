package dev.panamafuse.mount;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;

/**
 * The half of {@link MountOptions.Builder} that holds the values of the four concerns, each once,
 * and a setter per option; {@link MountOptions.Builder#build()} makes the records
 * ({@link KernelOptions}, {@link InitOptions}, {@link ThreadingOptions}, {@link CacheOptions}) from
 * them. Every setter checks its value in the words of the {@code -o} parser, which sets options
 * through these setters too. A superclass of the builder only, so each file stays short (as
 * {@code AbstractStringBuilder} is of {@code StringBuilder}); its public methods are members of
 * {@link MountOptions.Builder}.
 */
abstract sealed class AbstractMountOptionsBuilder permits MountOptions.Builder {
    private String fsName;
    private String subtype;
    private final EnumSet<MountFlag> flags = EnumSet.noneOf(MountFlag.class);
    private int maxRead;
    private int blksize;
    private final EnumSet<Capability> capabilities = EnumSet.noneOf(Capability.class);
    private int maxWrite;
    private int maxReadahead;
    private int maxBackground;
    private int congestionThreshold;
    private ThreadingPolicy policy;
    private int readers;
    private int maxInFlight;
    private Duration unmountGrace;
    private Duration entryTimeout;
    private Duration attrTimeout;
    private Duration negativeTimeout;
    private boolean directIo;
    private boolean kernelCache;

    /** Starts from the values of the four concerns: their defaults for a new builder. */
    AbstractMountOptionsBuilder(KernelOptions k, InitOptions i, ThreadingOptions t, CacheOptions c) {
        fsName = k.fsName();
        subtype = k.subtype();
        flags.addAll(k.flags());
        maxRead = k.maxRead();
        blksize = k.blksize();
        capabilities.addAll(i.capabilities());
        maxWrite = i.maxWrite();
        maxReadahead = i.maxReadahead();
        maxBackground = i.maxBackground();
        congestionThreshold = i.congestionThreshold();
        policy = t.policy();
        readers = t.readers();
        maxInFlight = t.maxInFlight();
        unmountGrace = t.unmountGrace();
        entryTimeout = c.entryTimeout();
        attrTimeout = c.attrTimeout();
        negativeTimeout = c.negativeTimeout();
        directIo = c.directIo();
        kernelCache = c.kernelCache();
    }

    private MountOptions.Builder self() {
        return (MountOptions.Builder) this;
    }

    /** {@return the kernel's mount options set so far} */
    KernelOptions kernel() {
        return new KernelOptions(fsName, subtype, flags, maxRead, blksize);
    }

    /** {@return the wishes of {@code FUSE_INIT} set so far} */
    InitOptions init() {
        return new InitOptions(capabilities, maxWrite, maxReadahead, maxBackground, congestionThreshold);
    }

    /** {@return the threading options set so far} */
    ThreadingOptions threading() {
        return new ThreadingOptions(policy, readers, maxInFlight, unmountGrace);
    }

    /** {@return the cache options set so far} */
    CacheOptions cache() {
        return new CacheOptions(entryTimeout, attrTimeout, negativeTimeout, directIo, kernelCache);
    }

    /**
     * Turns a mount flag on or off ({@link KernelOptions#flags()}).
     *
     * @param flag the flag
     * @param on   its new state
     * @return this builder
     */
    public MountOptions.Builder flag(MountFlag flag, boolean on) {
        Objects.requireNonNull(flag, "flag");
        if (on) {
            flags.add(flag);
        } else {
            flags.remove(flag);
        }
        return self();
    }

    /**
     * Sets {@link MountFlag#READ_ONLY} ({@code ro}): {@code flag(MountFlag.READ_ONLY, on)}.
     *
     * @param on the new state
     * @return this builder
     */
    public MountOptions.Builder readOnly(boolean on) {
        return flag(MountFlag.READ_ONLY, on);
    }

    /**
     * Sets {@link KernelOptions#fsName()} ({@code fsname=}).
     *
     * @param name not empty, no comma, whitespace or control character
     * @return this builder
     */
    public MountOptions.Builder fsName(String name) {
        fsName = OptionText.name("fsname", name);
        return self();
    }

    /**
     * Sets {@link KernelOptions#subtype()} ({@code subtype=}).
     *
     * @param subtype the same rules as for a name; null for none
     * @return this builder
     */
    public MountOptions.Builder subtype(String subtype) {
        this.subtype = subtype == null ? null : OptionText.name("subtype", subtype);
        return self();
    }

    /**
     * Sets {@link KernelOptions#maxRead()} ({@code max_read=}).
     *
     * @param bytes 0 to 2147483647
     * @return this builder
     */
    public MountOptions.Builder maxRead(int bytes) {
        maxRead = KernelOptions.MAX_READ.check(bytes);
        return self();
    }

    /**
     * Sets {@link KernelOptions#blksize()} ({@code blksize=}).
     *
     * @param bytes 0, or a power of two from 512 to 65536
     * @return this builder
     */
    public MountOptions.Builder blksize(int bytes) {
        blksize = KernelOptions.checkBlksize(bytes);
        return self();
    }

    /**
     * Asks for a capability in INIT (used when the kernel offers it).
     *
     * @param capability the capability
     * @return this builder
     */
    public MountOptions.Builder enable(Capability capability) {
        capabilities.add(Objects.requireNonNull(capability, "capability"));
        return self();
    }

    /**
     * Does not ask for a capability in INIT.
     *
     * @param capability the capability
     * @return this builder
     */
    public MountOptions.Builder disable(Capability capability) {
        capabilities.remove(Objects.requireNonNull(capability, "capability"));
        return self();
    }

    /**
     * Sets {@link InitOptions#maxWrite()} ({@code max_write=}).
     *
     * @param bytes 4096 to 16777216
     * @return this builder
     */
    public MountOptions.Builder maxWrite(int bytes) {
        maxWrite = InitOptions.MAX_WRITE.check(bytes);
        return self();
    }

    /**
     * Sets {@link InitOptions#maxReadahead()} ({@code max_readahead=}).
     *
     * @param bytes 0 to 2147483647
     * @return this builder
     */
    public MountOptions.Builder maxReadahead(int bytes) {
        maxReadahead = InitOptions.MAX_READAHEAD.check(bytes);
        return self();
    }

    /**
     * Sets {@link InitOptions#maxBackground()} ({@code max_background=}).
     *
     * @param requests 0 to 65535
     * @return this builder
     */
    public MountOptions.Builder maxBackground(int requests) {
        maxBackground = InitOptions.MAX_BACKGROUND.check(requests);
        return self();
    }

    /**
     * Sets {@link InitOptions#congestionThreshold()} ({@code congestion_threshold=}).
     *
     * @param requests 0 to 65535
     * @return this builder
     */
    public MountOptions.Builder congestionThreshold(int requests) {
        congestionThreshold = InitOptions.CONGESTION_THRESHOLD.check(requests);
        return self();
    }

    /**
     * Sets {@link ThreadingOptions#policy()} ({@code threading=}).
     *
     * @param policy the policy, not null
     * @return this builder
     */
    public MountOptions.Builder threading(ThreadingPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "threading");
        return self();
    }

    /**
     * The same as {@link #threading(ThreadingPolicy)}, under the name the option had before
     * ({@code dispatch=}).
     *
     * @param policy the policy, not null
     * @return this builder
     */
    public MountOptions.Builder dispatch(ThreadingPolicy policy) {
        return threading(policy);
    }

    /**
     * Sets {@link ThreadingOptions#readers()} ({@code readers=}).
     *
     * @param threads 1 to 64
     * @return this builder
     */
    public MountOptions.Builder readers(int threads) {
        readers = ThreadingOptions.READERS.check(threads);
        return self();
    }

    /**
     * Sets {@link ThreadingOptions#maxInFlight()} ({@code max_inflight=}).
     *
     * @param requests 1 to 4096
     * @return this builder
     */
    public MountOptions.Builder maxInFlight(int requests) {
        maxInFlight = ThreadingOptions.MAX_IN_FLIGHT.check(requests);
        return self();
    }

    /**
     * Sets {@link ThreadingOptions#unmountGrace()} ({@code unmount_grace=}).
     *
     * @param grace 0 to 10⁹ s
     * @return this builder
     */
    public MountOptions.Builder unmountGrace(Duration grace) {
        unmountGrace = OptionText.seconds("unmount_grace", grace);
        return self();
    }

    /**
     * Sets {@link CacheOptions#entryTimeout()} ({@code entry_timeout=}).
     *
     * @param timeout 0 to 10⁹ s
     * @return this builder
     */
    public MountOptions.Builder entryTimeout(Duration timeout) {
        entryTimeout = OptionText.seconds("entry_timeout", timeout);
        return self();
    }

    /**
     * Sets {@link CacheOptions#attrTimeout()} ({@code attr_timeout=}).
     *
     * @param timeout 0 to 10⁹ s
     * @return this builder
     */
    public MountOptions.Builder attrTimeout(Duration timeout) {
        attrTimeout = OptionText.seconds("attr_timeout", timeout);
        return self();
    }

    /**
     * Sets {@link CacheOptions#negativeTimeout()} ({@code negative_timeout=}).
     *
     * @param timeout 0 to 10⁹ s
     * @return this builder
     */
    public MountOptions.Builder negativeTimeout(Duration timeout) {
        negativeTimeout = OptionText.seconds("negative_timeout", timeout);
        return self();
    }

    /**
     * Sets {@link CacheOptions#directIo()} ({@code direct_io}).
     *
     * @param on the new state
     * @return this builder
     */
    public MountOptions.Builder directIo(boolean on) {
        directIo = on;
        return self();
    }

    /**
     * Sets {@link CacheOptions#kernelCache()} ({@code kernel_cache}).
     *
     * @param on the new state
     * @return this builder
     */
    public MountOptions.Builder kernelCache(boolean on) {
        kernelCache = on;
        return self();
    }
}
