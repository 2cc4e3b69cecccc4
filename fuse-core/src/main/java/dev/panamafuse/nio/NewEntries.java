package dev.panamafuse.nio;

import dev.panamafuse.Mode;
import dev.panamafuse.Request;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Finishes an entry {@link NioPathFs} has just created the way a local filesystem would have made
 * it for the requester. With numeric owners ({@code unix} view): owned by the request's uid, in
 * the request's gid or, under a set-group-id directory, in the directory's group (a new directory
 * there keeps set-group-id), with exactly the requested mode bits, special bits included. Giving
 * a file away needs root: a daemon running as another user leaves the entry its own. Without
 * numeric owners only the permission bits are given, at creation ({@link #atCreation}), where
 * the provider keeps them. An entry that cannot be finished is removed again
 * ({@link #finishOrRemove}).
 */
final class NewEntries {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final FileAttribute<?>[] NONE = {};

    private NewEntries() {
    }

    /**
     * The attributes to create an entry with: the permissions of {@code mode} on a provider that
     * keeps permissions but no numeric owners (the zip filesystem writes a new file's entry only
     * when it is closed, so they cannot be set afterwards), else none.
     *
     * @param mode       the requested mode, or -1 for a symbolic link
     * @param attributes how the provider keeps attributes
     */
    static FileAttribute<?>[] atCreation(int mode, NioAttributes attributes) {
        if (mode < 0 || attributes.hasOwners() || !attributes.hasPermissions()) {
            return NONE;
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(NioAttributes.permissions(mode))};
    }

    /**
     * {@link #finish}es {@code p}; when that fails, deletes it (not following a link) and rethrows.
     *
     * @param p          the entry just created
     * @param req        the request that created it
     * @param mode       the requested mode, or -1 for a symbolic link
     * @param attributes how the provider keeps attributes
     */
    static void finishOrRemove(Path p, Request req, int mode, NioAttributes attributes) throws IOException {
        try {
            finish(p, req, mode, attributes);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * @param p          the new entry
     * @param req        the request that created it
     * @param mode       the requested mode (umask applied by the kernel), or -1 for a symbolic link
     * @param attributes how the provider keeps attributes
     */
    private static void finish(Path p, Request req, int mode, NioAttributes attributes) throws IOException {
        if (!attributes.hasOwners()) {
            return; // the permissions were given at creation
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
