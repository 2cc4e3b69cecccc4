/**
 * Internal: io_uring through the FFM API, with no native library — the ABI of
 * {@code linux/io_uring.h} ({@link dev.panamafuse.ffm.uring.IoUringAbi}) and one ring
 * ({@link dev.panamafuse.ffm.uring.IoUring}: {@code io_uring_setup(2)}, the shared rings mapped
 * with {@code mmap(2)}, {@code io_uring_enter(2)}), the ground of the FUSE-over-io_uring
 * transport ({@code dev.panamafuse.ffm.internal.UringTransport}). Not an API: this package is not exported and may change without notice.
 */
package dev.panamafuse.ffm.uring;
