/**
 * Internal plumbing of the Linux transport: libc downcalls through {@code java.lang.foreign}
 * ({@link dev.panamafuse.ffm.internal.Libc}, failures as
 * {@link dev.panamafuse.ffm.internal.LibcException}) and the {@code /dev/fuse} channel built on
 * them. Not an API: this package is not exported and may change without notice.
 *
 * <p>Native access must be enabled for the module that holds this package:
 * {@code --enable-native-access=dev.panamafuse.ffm} on the module path, or
 * {@code --enable-native-access=ALL-UNNAMED} on the class path.
 */
package dev.panamafuse.ffm.internal;
