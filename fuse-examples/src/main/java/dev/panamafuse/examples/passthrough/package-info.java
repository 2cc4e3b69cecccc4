/**
 * {@link dev.panamafuse.examples.passthrough.PassthroughFs}: a directory of the host mirrored
 * through FUSE with system calls relative to {@code O_PATH} descriptors, confined to that
 * directory (see {@code docs/passthrough.md}).
 */
package dev.panamafuse.examples.passthrough;
