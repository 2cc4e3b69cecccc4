package dev.panamafuse.examples.passthrough;

import dev.panamafuse.FuseException;
import dev.panamafuse.mount.BackingFiles;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kernel passthrough for {@link PassthroughFs}: one backing id per inode while the inode has
 * passthrough opens (the kernel refuses two different backing files for one inode), registered at
 * the inode's first open and dropped at its last release. An inode open with passthrough keeps
 * being opened with it, whatever happens meanwhile, since the kernel fails an open of it without
 * passthrough. When registering fails because the daemon may not ({@code EPERM}: not root) or
 * the kernel cannot ({@code EOPNOTSUPP}, {@code ENOTTY}), it is logged once and inodes not yet
 * open through it are served by the daemon from then on; any other refusal ({@code ELOOP} for a
 * file on a stacked filesystem mounted inside the source, {@code EINVAL}) concerns that file only,
 * which is then served by the daemon for as long as the kernel knows its inode.
 */
final class KernelPassthrough {
    private static final System.Logger LOG = System.getLogger(KernelPassthrough.class.getName());

    private final boolean wanted;
    private volatile BackingFiles files;
    private volatile boolean failed;
    private final AtomicInteger registered = new AtomicInteger();

    /** @param wanted whether kernel passthrough should be used when the connection offers it */
    KernelPassthrough(boolean wanted) {
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
            if (n.backingRefused || !active()) {
                return 0;
            }
            try {
                n.backingId = files.open(fd);
                registered.incrementAndGet();
            } catch (FuseException e) {
                refused(n, e);
                return 0;
            }
            n.backingOpens = 1;
            return n.backingId;
        }
    }

    private void refused(Inode n, FuseException e) {
        switch (e.errno()) {
            case EPERM, EOPNOTSUPP, ENOTTY, ENOSYS -> {
                if (!failed) {
                    failed = true;
                    LOG.log(Level.WARNING, "kernel passthrough turned off, reads and writes go through the daemon: "
                            + e.getMessage());
                }
            }
            default -> {
                n.backingRefused = true;
                LOG.log(Level.DEBUG, () -> n + " is served by the daemon, the kernel refused it as a backing file: "
                        + e.getMessage());
            }
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
