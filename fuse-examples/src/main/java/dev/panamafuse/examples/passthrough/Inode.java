package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file of the source the kernel knows: its node id, its identity in the source
 * ({@code st_dev}, {@code st_ino}), and an {@code O_PATH | O_NOFOLLOW} descriptor that names it
 * whatever happens to its names. The descriptor is closed when the kernel forgets the node.
 *
 * <p>A node whose descriptor was found outside the source ({@link Containment}) is marked
 * {@link #stale}; a later lookup of the same file by a name inside the source then gives it that
 * lookup's descriptor ({@link #adopt}), as happens to a hard link whose first name was removed.
 * Replaced descriptors stay open until the node is forgotten, since a running operation may
 * still use one.
 */
final class Inode {
    final long nodeid;
    final long dev;
    final long ino;
    /** The descriptor of the source file; replaced only by {@link #adopt}. */
    volatile int fd;
    /** Whether the last check found {@link #fd} outside the source. */
    volatile boolean stale;
    /** Opens of this node as a file (not as a directory) the kernel holds ({@link OpenFiles}). */
    final AtomicInteger fileOpens = new AtomicInteger();
    /** Descriptors {@link #adopt} replaced, closed with the node; guarded by the {@link InodeTable}. */
    private final List<Integer> replaced = new ArrayList<>(0);
    /** The type bits of the mode ({@code S_IFMT}); a file never changes type. */
    final int type;
    /** Lookups the kernel holds; guarded by the {@link InodeTable}. */
    long lookups;
    /** The kernel passthrough backing id while {@link #backingOpens} > 0; guarded by this inode ({@link KernelPassthrough}). */
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

    /**
     * Takes a descriptor of the same file, found inside the source, in place of a stale one.
     * The caller holds the {@link InodeTable}'s lock.
     */
    void adopt(int newFd) {
        replaced.add(fd);
        fd = newFd;
        stale = false;
    }

    /** Closes the descriptor and every one it replaced. The caller holds the {@link InodeTable}'s lock. */
    void close() {
        SourceCalls.closeQuietly(fd);
        replaced.forEach(SourceCalls::closeQuietly);
        replaced.clear();
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
