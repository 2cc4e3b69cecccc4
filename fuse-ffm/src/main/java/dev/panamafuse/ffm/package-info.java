/**
 * Mounting on Linux: {@link dev.panamafuse.ffm.Fuse#mount} serves a
 * {@link dev.panamafuse.FileSystem} through {@code /dev/fuse}, calling libc through
 * {@code java.lang.foreign} (no libfuse, no JNI).
 */
package dev.panamafuse.ffm;
