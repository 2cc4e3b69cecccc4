/**
 * The in-memory demo: {@link dev.panamafuse.examples.memory.MemoryFs}, a complete read-write
 * filesystem (files, directories, symlinks, hard links, xattrs, POSIX, OFD and flock locks) held
 * in the daemon's heap within a byte budget. Mounted by {@code panamafuse mount memory DIR}.
 */
package dev.panamafuse.examples.memory;
