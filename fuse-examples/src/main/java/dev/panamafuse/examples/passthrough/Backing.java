package dev.panamafuse.examples.passthrough;

import dev.panamafuse.BackingFiles;
import dev.panamafuse.FuseException;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kernel passthrough for {@link PassthroughFs}: one backing id per inode while the inode has
 * passthrough opens (the kernel refuses two different backing files for one inode), registered at
 * the inode's first open and dropped at its last release. When registering fails (no
 * {@code CAP_SYS_ADMIN}: {@code EPERM}; a stacked source: {@code ELOOP}) it is logged once and
 * no later open asks for it, while inodes already open through it go on reusing their ids, so an
 * inode is never open with and without passthrough at once.
 */
final class Backing {
    private static final System.Logger LOG = System.getLogger(Backing.class.getName());

    private final boolean wanted;
    private volatile BackingFiles files;
    private volatile boolean failed;
    private final AtomicInteger registered = new AtomicInteger();

    /** @param wanted whether kernel passthrough should be used when the connection offers it */
    Backing(boolean wanted) {
        this.wanted = wanted;
    }

    /** Whether the filesystem asks for {@code FUSE_PASSTHROUGH} in INIT. */
    boolean wanted() {
        return wanted;
    }

    /** Takes the connection's backing files (called from {@code init}). */
    void connect(BackingFiles backingFiles) {
        this.files = backingFiles;
    }

    /** How many backing ids are registered now: one per inode with passthrough opens. */
    int registered() {
        return registered.get();
    }

    /** Whether opens are being answered with passthrough: asked for, agreed, and never failed. */
    boolean active() {
        BackingFiles f = files;
        return wanted && f != null && f.available() && !failed;
    }

    /**
     * The backing id for one more open of {@code n} through {@code fd}, or 0 to serve this open
     * through user space.
     *
     * @param n  the inode opened (a regular file)
     * @param fd a descriptor of its source file, registered when the inode has no backing id yet
     */
    int acquire(Inode n, int fd) {
        synchronized (n) {
            if (n.backingOpens > 0) {
                n.backingOpens++;
                return n.backingId;
            }
            if (!active()) {
                return 0;
            }
            try {
                n.backingId = files.open(fd);
                registered.incrementAndGet();
            } catch (FuseException e) {
                failed = true;
                LOG.log(Level.WARNING, "kernel passthrough turned off, reads and writes go through the daemon: "
                        + e.getMessage());
                return 0;
            }
            n.backingOpens = 1;
            return n.backingId;
        }
    }

    /** One passthrough open of {@code n} ended; the last one drops the inode's backing id. */
    void release(Inode n) {
        synchronized (n) {
            if (n.backingOpens == 0 || --n.backingOpens > 0) {
                return;
            }
            int id = n.backingId;
            n.backingId = 0;
            registered.decrementAndGet();
            try {
                files.close(id);
            } catch (FuseException e) {
                LOG.log(Level.WARNING, "dropping backing id " + id + " of " + n + ": " + e.getMessage());
            }
        }
    }
}
