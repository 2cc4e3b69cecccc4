/**
 * The Linux file calls a passthrough-style filesystem needs, as documented Java methods over
 * {@code java.lang.foreign} downcalls: for a {@code FileSystem} that mirrors a directory of the
 * host, or any program that wants {@code openat2} and friends without JNI.
 *
 * <ul>
 *   <li>{@link dev.panamafuse.ffm.posix.AtCalls}: open and inspect relative to a directory
 *       descriptor ({@code openat}, {@code openat2} with {@code RESOLVE_BENEATH} and
 *       {@code RESOLVE_NO_SYMLINKS}, {@code statx}, {@code readlinkat}, {@code fchownat},
 *       {@code fchmodat}, {@code utimensat}); flags in {@link dev.panamafuse.ffm.posix.OpenFlags};
 *       {@code statx} results as {@link dev.panamafuse.ffm.posix.StatxResult}</li>
 *   <li>{@link dev.panamafuse.ffm.posix.EntryCalls}: make, remove and rename entries
 *       ({@code mkdirat}, {@code mknodat}, {@code unlinkat}, {@code renameat2}, {@code linkat},
 *       {@code symlinkat})</li>
 *   <li>{@link dev.panamafuse.ffm.posix.DescriptorCalls}: I/O and housekeeping on an open
 *       descriptor ({@code pread}, {@code pwrite}, {@code fsync}, {@code fallocate},
 *       {@code copy_file_range}, {@code lseek} with {@code SEEK_DATA}/{@code SEEK_HOLE},
 *       {@code fstatfs}, {@code getdents64}, {@code close})</li>
 *   <li>{@link dev.panamafuse.ffm.posix.LockCalls}: {@code fcntl} record and
 *       open-file-description locks (the commands of {@link dev.panamafuse.ffm.posix.LockCommand}),
 *       {@code flock}</li>
 *   <li>{@link dev.panamafuse.ffm.posix.XattrCalls}: extended attributes</li>
 *   <li>{@link dev.panamafuse.ffm.posix.LibcCall}: the frame they share, for adding a call of
 *       your own (inotify, say) in the same style</li>
 * </ul>
 *
 * <p>Every failure is a {@link dev.panamafuse.ffm.posix.LibcException} (an {@code IOException})
 * whose message names the call, its key argument and the errno, e.g. {@code openat2(5, "..")
 * failed: EXDEV (Invalid cross-device link)}; {@code toFuseException()} turns it into the
 * {@code FuseException} that passes the same errno to the kernel. Descriptors are plain
 * {@code int}s: whatever a call returns is the caller's to close with
 * {@link dev.panamafuse.ffm.posix.DescriptorCalls#close}, and descriptors passed in stay open.
 * Nothing retries on {@code EINTR}. The calls are thread-safe: errno is captured per call.
 *
 * <p>Linux on x86_64 and aarch64 only. Native access must be enabled:
 * {@code --enable-native-access=dev.panamafuse.ffm} on the module path,
 * {@code --enable-native-access=ALL-UNNAMED} on the class path. See {@code docs/posix.md}.
 */
package dev.panamafuse.ffm.posix;
