/**
 * panama-fuse on Linux: {@link dev.panamafuse.ffm.Fuse#mount} opens {@code /dev/fuse}, mounts
 * with {@code mount(2)} and serves the filesystem through the core session. Native calls go
 * through {@code java.lang.foreign}; run with {@code --enable-native-access=dev.panamafuse.ffm}.
 * {@code dev.panamafuse.ffm.posix} offers the Linux file calls ({@code openat2}, the {@code *at}
 * calls, {@code statx}, xattrs, locks, ...) to filesystems that pass through to a host directory.
 */
module dev.panamafuse.ffm {
    requires transitive dev.panamafuse.core;

    exports dev.panamafuse.ffm;
    exports dev.panamafuse.ffm.posix;
}
