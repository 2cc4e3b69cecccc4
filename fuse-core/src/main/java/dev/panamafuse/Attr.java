package dev.panamafuse;

import java.time.Instant;
import java.util.Objects;

/**
 * The attributes of an inode ({@code struct fuse_attr}), as {@code stat(2)} shows them.
 *
 * <p>Instances are immutable: a filesystem may keep one per inode and return it again without
 * allocating. Times are {@link Instant}s (the kernel keeps seconds and nanoseconds).
 *
 * @param ino     the inode number, as {@code st_ino}; the node id the kernel uses is the
 *                {@link Entry#nodeid()}, which is usually the same value
 * @param mode    file type and permissions, e.g. {@code Mode.S_IFREG | 0644}
 * @param nlink   number of hard links
 * @param uid     owner
 * @param gid     group
 * @param rdev    device number of a device node, else 0
 * @param size    size in bytes
 * @param blocks  512-byte blocks allocated
 * @param blksize preferred I/O block size; 0 lets the kernel choose
 * @param atime   last access
 * @param mtime   last modification of the contents
 * @param ctime   last change of the inode
 * @param flags   {@code fuse_attr.flags} ({@code FUSE_ATTR_SUBMOUNT}, {@code FUSE_ATTR_DAX}), usually 0
 */
public record Attr(long ino, int mode, int nlink, int uid, int gid, int rdev, long size, long blocks,
                   int blksize, Instant atime, Instant mtime, Instant ctime, int flags) {

    /** Checks that the times are present. */
    public Attr {
        Objects.requireNonNull(atime, "atime");
        Objects.requireNonNull(mtime, "mtime");
        Objects.requireNonNull(ctime, "ctime");
    }

    /**
     * Attributes with all three times equal, no device, no flags and {@code blocks} derived
     * from {@code size}.
     *
     * @param ino   inode number
     * @param mode  type and permissions
     * @param nlink link count
     * @param uid   owner
     * @param gid   group
     * @param size  size in bytes
     * @param time  access, modification and change time
     * @return the attributes
     */
    public static Attr of(long ino, int mode, int nlink, int uid, int gid, long size, Instant time) {
        return new Attr(ino, mode, nlink, uid, gid, 0, size, (size + 511) / 512, 0, time, time, time, 0);
    }
}
