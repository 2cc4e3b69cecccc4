package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.ffm.posix.AtCalls;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.StatxResult;

/**
 * Keeps the nodes the kernel holds inside the source. A node's descriptor follows its file
 * wherever it goes, so a directory moved out of the source on the host side ({@code mv
 * source/d /elsewhere}) would go on serving {@code /elsewhere/d} to a client that holds it (its
 * working directory, an open descriptor, a cached dentry). Before an operation reads or changes
 * a node, {@link #check} confirms that the node is still reachable from the source directory.
 *
 * <p>A directory at most {@value #CLIMB} levels below the source is checked by climbing: {@code statx} of
 * {@code ..}, {@code ../..}, ... relative to its descriptor, until one is the source directory
 * ({@code st_dev}, {@code st_ino}) — the directory is then inside — or the climb stops rising
 * (the top of the filesystem). {@code ..} follows the directory's real parents and crosses
 * mount points upwards, so whatever path names it, the source directory is among its ancestors
 * exactly when it lies inside the source.
 *
 * <p>Other nodes, and directories the climb did not bring to the source, are checked by path:
 * the check asks the kernel for the node's current path ({@code readlink} of
 * {@code /proc/self/fd/N}), takes the part below the source directory's own current path, and
 * opens that relative path from the source's descriptor with {@code openat2(RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)}: the node is inside when that names the same
 * file ({@code st_dev}, {@code st_ino}). The path is only a hint — it may be stale, end in
 * {@code " (deleted)"}, contain newlines, or be computed past a bind mount's root — since only a
 * resolution beneath the source's descriptor that finds the very file counts; a wrong hint can
 * only refuse. A node whose file has no name left at all ({@code st_nlink} 0: unlinked while
 * the kernel held it) is reachable from nowhere else and stays served, as an open file of a
 * removed name does. The source's path is kept and read again when a check fails, so a source
 * directory moved on the host goes on being served.
 *
 * <p>A node found outside fails with {@code ESTALE} and is marked {@link Inode#stale}. A check
 * and the operation after it are two steps: a move that happens between them is not seen by
 * that one operation.
 */
final class Containment {
    /** How many levels a directory's check climbs before it asks for the path instead. */
    static final int CLIMB = 12;
    /** The source directory's node: its descriptor and identity ({@code st_dev}, {@code st_ino}). */
    private final Inode source;
    private volatile String rootPath;

    /** @param source the source directory's node, {@link FileSystem#ROOT} of the {@link InodeTable} */
    Containment(Inode source) {
        this.source = source;
        this.rootPath = pathOf(source.fd);
    }

    /**
     * Fails unless {@code n} is the root, reachable from it, or has no name left.
     *
     * @throws FuseException {@code ESTALE} when the node's file is outside the source now
     */
    void check(Inode n) {
        if (n.nodeid != FileSystem.ROOT && !isInside(n)) {
            n.stale = true;
            throw new FuseException(Errno.ESTALE, "moved out of the source: " + n);
        }
    }

    private boolean isInside(Inode n) {
        int fd = n.fd;
        if (n.isDirectory() && climbsToRoot(fd, n)) {
            return true;
        }
        String path = pathOf(fd);
        if (path != null) {
            String root = rootPath;
            if (reaches(root, path, n, fd)) {
                return true;
            }
            String now = pathOf(source.fd);
            if (now != null && !now.equals(root)) {
                rootPath = now; // the source itself was moved
                if (reaches(now, path, n, fd)) {
                    return true;
                }
            }
        }
        return SourceAttributes.of(fd).nlink() == 0;
    }

    /** Whether the source directory is among the first {@link #CLIMB} ancestors of the directory {@code fd}. */
    private boolean climbsToRoot(int fd, Inode n) {
        StringBuilder up = new StringBuilder("..");
        long dev = n.dev;
        long ino = n.ino;
        for (int level = 1; level <= CLIMB; level++) {
            StatxResult s;
            try {
                s = SourceAttributes.statxAt(fd, up.toString());
            } catch (LibcException e) {
                return false;
            }
            long upDev = s.dev();
            long upIno = s.ino();
            if (upDev == source.dev && upIno == source.ino) {
                return true;
            }
            if (upDev == dev && upIno == ino) {
                return false; // the top: its ".." is itself
            }
            dev = upDev;
            ino = upIno;
            up.append("/..");
        }
        return false;
    }

    /** Whether {@code path} lies below {@code root} and names, from the root's descriptor, the node's file. */
    private boolean reaches(String root, String path, Inode n, int fd) {
        String below = below(root, path);
        if (below == null) {
            return false;
        }
        int found;
        try {
            found = Resolver.beneath(source.fd, below);
        } catch (LibcException | FuseException e) {
            return false;
        }
        try {
            return SourceAttributes.isFile(found, n.dev, n.ino);
        } catch (FuseException e) {
            return false;
        } finally {
            SourceCalls.closeQuietly(found);
        }
    }

    /**
     * The part of {@code path} below {@code root}, or null when {@code path} is not below it.
     *
     * @param root an absolute path, "/" included
     * @param path an absolute path
     */
    static String below(String root, String path) {
        if (root == null) {
            return null;
        }
        String prefix = root.endsWith("/") ? root : root + "/";
        return path.length() > prefix.length() && path.startsWith(prefix) ? path.substring(prefix.length()) : null;
    }

    /** The kernel's current path of what {@code fd} names, or null when it has none to give. */
    private static String pathOf(int fd) {
        try {
            return AtCalls.readlinkat(AtCalls.AT_FDCWD, SourceCalls.procPath(fd));
        } catch (LibcException e) {
            return null;
        }
    }
}
