/**
 * Mounting: the options of a mount, what the kernel agreed to, and the mounted filesystem.
 *
 * <p>{@link dev.panamafuse.mount.MountOptions} holds one record per concern, each immutable and
 * checking its values in its constructor; {@link dev.panamafuse.mount.MountOptions.Builder} holds
 * every value once, with a setter per option, and makes the records:
 * <ul>
 *   <li>{@link dev.panamafuse.mount.KernelOptions}: what the kernel's mount gets — {@code fsname},
 *       {@code subtype}, the {@link dev.panamafuse.mount.MountFlag}s ({@code ro}, {@code nosuid},
 *       {@code allow_other}, {@code default_permissions}, …), {@code max_read}, {@code blksize};
 *       it builds the kernel's option string for {@code mount(2)} and {@code fusermount3};</li>
 *   <li>{@link dev.panamafuse.mount.InitOptions}: what the session asks for in {@code FUSE_INIT} —
 *       the {@link dev.panamafuse.mount.Capability}s, {@code max_write}, {@code max_readahead},
 *       {@code max_background}, {@code congestion_threshold};</li>
 *   <li>{@link dev.panamafuse.mount.ThreadingOptions}: the session's threads — the
 *       {@link dev.panamafuse.mount.ThreadingPolicy}, {@code readers}, {@code max_inflight},
 *       {@code unmount_grace};</li>
 *   <li>{@link dev.panamafuse.mount.CacheOptions}: {@code entry_timeout}, {@code attr_timeout},
 *       {@code negative_timeout}, and {@code direct_io} / {@code kernel_cache} for every open.</li>
 * </ul>
 * {@link dev.panamafuse.mount.MountOptions.Builder#parse(String)} reads {@code -o} text with
 * libfuse's and mount(8)'s option names; a wrong value is refused with a message naming it, in
 * the same words whether it came as text or through a setter
 * ({@code mount option 'max_write=4095': out of range, must be from 4096 to 16777216}).
 *
 * <p>{@link dev.panamafuse.mount.FuseMount} is a mounted filesystem;
 * {@link dev.panamafuse.mount.ConnectionInfo} what {@code FUSE_INIT} agreed;
 * {@link dev.panamafuse.mount.MountException} why mounting failed.
 */
package dev.panamafuse.mount;
