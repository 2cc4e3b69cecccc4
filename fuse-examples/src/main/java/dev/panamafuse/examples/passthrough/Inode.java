package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Mode;

/**
 * A file of the source the kernel knows: its node id, its identity in the source
 * ({@code st_dev}, {@code st_ino}), and an {@code O_PATH | O_NOFOLLOW} descriptor that names it
 * whatever happens to its names. The descriptor is closed when the kernel forgets the node.
 */
final class Inode {
    final long nodeid;
    final long dev;
    final long ino;
    final int fd;
    /** The type bits of the mode ({@code S_IFMT}); a file never changes type. */
    final int type;
    /** Lookups the kernel holds; guarded by the {@link InodeTable}. */
    long lookups;
    /** The kernel passthrough backing id while {@link #backingOpens} > 0; guarded by this inode ({@link Backing}). */
    int backingId;
    /** Opens answered with {@link #backingId}; guarded by this inode. */
    int backingOpens;
    /** Whether the kernel refused this file as a backing file: it is served by the daemon; guarded by this inode. */
    boolean backingRefused;

    Inode(long nodeid, long dev, long ino, int fd, int type) {
        this.nodeid = nodeid;
        this.dev = dev;
        this.ino = ino;
        this.fd = fd;
        this.type = type;
    }

    boolean isDirectory() {
        return type == Mode.S_IFDIR;
    }

    boolean isSymlink() {
        return type == Mode.S_IFLNK;
    }

    @Override
    public String toString() {
        return "Inode[" + nodeid + ", dev " + dev + ", ino " + ino + ", fd " + fd + "]";
    }
}
