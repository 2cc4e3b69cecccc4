package dev.panamafuse.mount;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The half of {@link MountOptions.Builder} that holds the four concerns: their setters
 * ({@code kernel}, {@code init}, {@code threading}, {@code cache}) and a shortcut setter per
 * option used most, each changing one value of one concern through those. A superclass of the
 * builder only, so each file stays short (as {@code AbstractStringBuilder} is of
 * {@code StringBuilder}); its public methods are members of {@link MountOptions.Builder}.
 */
abstract sealed class AbstractMountOptionsBuilder permits MountOptions.Builder {
    KernelOptions kernel = KernelOptions.defaults();
    InitOptions init = InitOptions.defaults();
    ThreadingOptions threading = ThreadingOptions.defaults();
    CacheOptions cache = CacheOptions.defaults();

    AbstractMountOptionsBuilder() {
    }

    private MountOptions.Builder self() {
        return (MountOptions.Builder) this;
    }

    /**
     * Changes the kernel's mount options.
     *
     * @param change from the options so far to the new ones, e.g. {@code k -> k.withMaxRead(65536)}
     * @return this builder
     */
    public MountOptions.Builder kernel(UnaryOperator<KernelOptions> change) {
        kernel = Objects.requireNonNull(change.apply(kernel), "kernel");
        return self();
    }

    /**
     * Changes the wishes of {@code FUSE_INIT}.
     *
     * @param change from the options so far to the new ones, e.g. {@code i -> i.withMaxBackground(64)}
     * @return this builder
     */
    public MountOptions.Builder init(UnaryOperator<InitOptions> change) {
        init = Objects.requireNonNull(change.apply(init), "init");
        return self();
    }

    /**
     * Changes the threading options.
     *
     * @param change from the options so far to the new ones, e.g. {@code t -> t.withReaders(4)}
     * @return this builder
     */
    public MountOptions.Builder threading(UnaryOperator<ThreadingOptions> change) {
        threading = Objects.requireNonNull(change.apply(threading), "threading");
        return self();
    }

    /**
     * Changes the cache options.
     *
     * @param change from the options so far to the new ones, e.g. {@code c -> c.withDirectIo(true)}
     * @return this builder
     */
    public MountOptions.Builder cache(UnaryOperator<CacheOptions> change) {
        cache = Objects.requireNonNull(change.apply(cache), "cache");
        return self();
    }

    /**
     * Turns a mount flag on or off: {@code kernel(k -> k.with(flag, on))}.
     *
     * @param flag the flag
     * @param on   its new state
     * @return this builder
     */
    public MountOptions.Builder flag(MountFlag flag, boolean on) {
        return kernel(k -> k.with(flag, on));
    }

    /**
     * Sets {@link MountFlag#READ_ONLY} ({@code ro}).
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
        return kernel(k -> k.withFsName(name));
    }

    /**
     * Sets {@link KernelOptions#subtype()} ({@code subtype=}).
     *
     * @param subtype the same rules as for a name; null for none
     * @return this builder
     */
    public MountOptions.Builder subtype(String subtype) {
        return kernel(k -> k.withSubtype(subtype));
    }

    /**
     * Sets {@link KernelOptions#blksize()} ({@code blksize=}).
     *
     * @param bytes 0, or a power of two from 512 to 65536
     * @return this builder
     */
    public MountOptions.Builder blksize(int bytes) {
        return kernel(k -> k.withBlksize(bytes));
    }

    /**
     * Asks for a capability in INIT (used when the kernel offers it).
     *
     * @param capability the capability
     * @return this builder
     */
    public MountOptions.Builder enable(Capability capability) {
        return init(i -> i.with(capability, true));
    }

    /**
     * Does not ask for a capability in INIT.
     *
     * @param capability the capability
     * @return this builder
     */
    public MountOptions.Builder disable(Capability capability) {
        return init(i -> i.with(capability, false));
    }

    /**
     * Sets {@link InitOptions#maxWrite()} ({@code max_write=}).
     *
     * @param bytes 4096 to 16777216
     * @return this builder
     */
    public MountOptions.Builder maxWrite(int bytes) {
        return init(i -> i.withMaxWrite(bytes));
    }

    /**
     * Sets {@link InitOptions#maxReadahead()} ({@code max_readahead=}).
     *
     * @param bytes 0 to 2147483647
     * @return this builder
     */
    public MountOptions.Builder maxReadahead(int bytes) {
        return init(i -> i.withMaxReadahead(bytes));
    }

    /**
     * Sets {@link InitOptions#maxBackground()} ({@code max_background=}).
     *
     * @param requests 0 to 65535
     * @return this builder
     */
    public MountOptions.Builder maxBackground(int requests) {
        return init(i -> i.withMaxBackground(requests));
    }

    /**
     * Sets {@link InitOptions#congestionThreshold()} ({@code congestion_threshold=}).
     *
     * @param requests 0 to 65535
     * @return this builder
     */
    public MountOptions.Builder congestionThreshold(int requests) {
        return init(i -> i.withCongestionThreshold(requests));
    }

    /**
     * Sets {@link ThreadingOptions#policy()} ({@code threading=}).
     *
     * @param policy the policy, not null
     * @return this builder
     */
    public MountOptions.Builder threading(ThreadingPolicy policy) {
        return threading(t -> t.withPolicy(policy));
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
        return threading(t -> t.withReaders(threads));
    }

    /**
     * Sets {@link ThreadingOptions#maxInFlight()} ({@code max_inflight=}).
     *
     * @param requests 1 to 4096
     * @return this builder
     */
    public MountOptions.Builder maxInFlight(int requests) {
        return threading(t -> t.withMaxInFlight(requests));
    }

    /**
     * Sets {@link ThreadingOptions#unmountGrace()} ({@code unmount_grace=}).
     *
     * @param grace 0 to 10⁹ s
     * @return this builder
     */
    public MountOptions.Builder unmountGrace(Duration grace) {
        return threading(t -> t.withUnmountGrace(grace));
    }

    /**
     * Sets {@link CacheOptions#entryTimeout()} ({@code entry_timeout=}).
     *
     * @param timeout 0 to 10⁹ s
     * @return this builder
     */
    public MountOptions.Builder entryTimeout(Duration timeout) {
        return cache(c -> c.withEntryTimeout(timeout));
    }

    /**
     * Sets {@link CacheOptions#attrTimeout()} ({@code attr_timeout=}).
     *
     * @param timeout 0 to 10⁹ s
     * @return this builder
     */
    public MountOptions.Builder attrTimeout(Duration timeout) {
        return cache(c -> c.withAttrTimeout(timeout));
    }

    /**
     * Sets {@link CacheOptions#negativeTimeout()} ({@code negative_timeout=}).
     *
     * @param timeout 0 to 10⁹ s
     * @return this builder
     */
    public MountOptions.Builder negativeTimeout(Duration timeout) {
        return cache(c -> c.withNegativeTimeout(timeout));
    }
}
