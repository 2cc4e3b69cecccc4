package dev.panamafuse.benchmarks.peers;

import dev.panamafuse.Mode;

/**
 * A snapshot of one node's attributes, as {@link PathTree#stat(String)} reports them.
 *
 * @param ino     the tree's inode number (both servers let libfuse number the nodes instead, since
 *                jfuse's {@code Stat} cannot carry it; see {@link PathTree})
 * @param mode    file type and permission bits ({@code S_IFDIR}/{@code S_IFREG} | 07777)
 * @param nlink   number of links: 1 for a file, 2 + subdirectories for a directory
 * @param uid     owner
 * @param gid     group
 * @param size    size in bytes
 * @param atimeNs last access, nanoseconds since the epoch
 * @param mtimeNs last modification, nanoseconds since the epoch
 * @param ctimeNs last status change, nanoseconds since the epoch
 */
public record NodeStat(long ino, int mode, int nlink, int uid, int gid, long size, long atimeNs, long mtimeNs,
        long ctimeNs) {

    /**
     * Whether this is a directory.
     *
     * @return true for a directory
     */
    public boolean isDirectory() {
        return Mode.isDirectory(mode);
    }
}
