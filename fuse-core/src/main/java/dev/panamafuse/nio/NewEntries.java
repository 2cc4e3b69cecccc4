package dev.panamafuse.nio;

import dev.panamafuse.Mode;
import dev.panamafuse.Request;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Finishes an entry {@link NioPathFs} has just created the way a local filesystem would have made
 * it for the requester. With numeric owners ({@code unix} view): owned by the request's uid, in
 * the request's gid or, under a set-group-id directory, in the directory's group (a new directory
 * there keeps set-group-id), with exactly the requested mode bits, special bits included. Giving
 * a file away needs root: a daemon running as another user leaves the entry its own. Without
 * numeric owners only the permission bits are set, where the provider keeps them.
 */
final class NewEntries {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private NewEntries() {
    }

    /**
     * @param p          the new entry
     * @param req        the request that created it
     * @param mode       the requested mode (umask applied by the kernel), or -1 for a symbolic link
     * @param attributes how the provider keeps attributes
     */
    static void finish(Path p, Request req, int mode, NioAttributes attributes) throws IOException {
        if (!attributes.hasOwners()) {
            if (mode >= 0 && attributes.hasPermissions()) {
                Files.setPosixFilePermissions(p, NioAttributes.permissions(mode));
            }
            return;
        }
        boolean groupOfParent = ((int) Files.getAttribute(p.getParent(), "unix:mode") & Mode.S_ISGID) != 0;
        try {
            Files.setAttribute(p, "unix:uid", req.uid(), NOFOLLOW);
            if (!groupOfParent) {
                Files.setAttribute(p, "unix:gid", req.gid(), NOFOLLOW);
            }
        } catch (FileSystemException e) {
            // EPERM: only root gives files away; the entry stays the daemon's
        }
        if (mode >= 0) {
            // after the chown, which clears set-user-id and set-group-id of a regular file
            int bits = mode & Mode.PERMISSIONS;
            if (groupOfParent && Mode.isDirectory((int) Files.getAttribute(p, "unix:mode", NOFOLLOW))) {
                bits |= Mode.S_ISGID;
            }
            Files.setAttribute(p, "unix:mode", bits, NOFOLLOW);
        }
    }
}
