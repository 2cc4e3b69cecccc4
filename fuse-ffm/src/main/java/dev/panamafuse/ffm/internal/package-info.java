/**
 * Internal plumbing of the Linux transport: the transport's own libc calls ({@link
 * dev.panamafuse.ffm.internal.Libc}: {@code /dev/fuse}, {@code read}/{@code writev},
 * {@code ioctl}, {@code poll}; {@link dev.panamafuse.ffm.internal.LibcMount};
 * {@link dev.panamafuse.ffm.internal.LibcSocket} and {@link dev.panamafuse.ffm.internal.LibcSpawn}
 * for {@code fusermount3}), mounting, the {@code /dev/fuse} channel built on them, and FUSE over
 * io_uring ({@link dev.panamafuse.ffm.internal.UringTransport}, on the ring of
 * {@code dev.panamafuse.ffm.uring}). Built on the call frame of the public {@code dev.panamafuse.ffm.posix} package (failures are its
 * {@code LibcException}). Not an API: this package is not exported and may change without notice.
 *
 * <p>Native access must be enabled for the module that holds this package:
 * {@code --enable-native-access=dev.panamafuse.ffm} on the module path, or
 * {@code --enable-native-access=ALL-UNNAMED} on the class path.
 */
package dev.panamafuse.ffm.internal;
