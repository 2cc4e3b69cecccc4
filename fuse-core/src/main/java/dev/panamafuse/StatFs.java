package dev.panamafuse;

/**
 * Filesystem statistics ({@code struct fuse_kstatfs}), as {@code statfs(2)} and {@code df} show them.
 *
 * @param blocks  total data blocks, in units of {@code frsize}
 * @param bfree   free blocks
 * @param bavail  free blocks available to unprivileged users
 * @param files   total inodes
 * @param ffree   free inodes
 * @param bsize   preferred block size
 * @param namelen maximum length of a name in bytes
 * @param frsize  fragment size, the unit of {@code blocks}
 */
public record StatFs(long blocks, long bfree, long bavail, long files, long ffree, int bsize, int namelen,
                     int frsize) {

    /**
     * What the session answers when a filesystem does not implement {@code statfs}: all zero but
     * {@code bsize} 512 and {@code namelen} 255.
     */
    public static final StatFs EMPTY = new StatFs(0, 0, 0, 0, 0, 512, 255, 0);
}
