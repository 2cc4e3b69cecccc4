/**
 * Demo filesystems of panama-fuse, usable as libraries and through the {@code panamafuse}
 * command: {@link dev.panamafuse.examples.HelloFs} (one read-only file).
 */
package dev.panamafuse.examples;
