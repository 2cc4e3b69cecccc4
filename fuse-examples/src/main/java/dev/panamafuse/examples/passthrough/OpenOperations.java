package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Attr;
import dev.panamafuse.CreatedFile;
import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.examples.passthrough.OpenFiles.Handle;
import dev.panamafuse.ffm.posix.AtCalls;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.OpenFlags;

/**
 * The operations of {@link PassthroughFs} that open: OPEN, CREATE, TMPFILE and OPENDIR, each
 * an open of the source file kept in the {@link OpenFiles} table (with kernel passthrough where
 * it is on), and READDIR/READDIRPLUS over an open directory.
 */
final class OpenOperations {
    private static final int O_NONBLOCK = 04000;
    private static final int O_DSYNC = 010000;
    private static final int O_SYNC = 04010000;
    private static final int O_NOATIME = 01000000;
    /** The open flags passed on to the source; the rest is the kernel's business or unsafe. */
    private static final int PASSED_FLAGS = OpenFlags.O_ACCMODE | OpenFlags.O_APPEND | OpenFlags.O_TRUNC | O_NONBLOCK | O_DSYNC
            | O_SYNC | O_NOATIME;
    private final SourceNodes nodes;

    OpenOperations(SourceNodes nodes) {
        this.nodes = nodes;
    }

    OpenFile open(Request req, long nodeid, int flags) {
        Inode n = nodes.node(nodeid);
        if (n.isSymlink()) {
            throw new FuseException(Errno.ELOOP);
        }
        int fd = SourceCalls.reopen(n.fd, flags & PASSED_FLAGS);
        try {
            if ((flags & OpenFlags.O_TRUNC) != 0 && req.uid() != 0 && !n.isDirectory()) {
                AttributeChanges.killPrivileges(n, SourceAttributes.of(fd), req.gid());
            }
        } catch (RuntimeException e) {
            SourceCalls.closeQuietly(fd);
            throw e;
        }
        return openReply(req, n, fd, flags, null);
    }

    CreatedFile create(Request req, long parent, String name, int mode, int umask, int flags) {
        Inode dir = nodes.directory(parent);
        NameCheck.check(name);
        int oflags = (flags & PASSED_FLAGS) | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC;
        int fd;
        boolean created = true;
        try {
            fd = AtCalls.openat(dir.fd, name, oflags | OpenFlags.O_CREAT | OpenFlags.O_EXCL, mode & 0777);
        } catch (LibcException e) {
            if (e.errno() != Errno.EEXIST.code() || (flags & OpenFlags.O_EXCL) != 0) {
                throw SourceCalls.fail(e);
            }
            // made by someone else since the kernel's lookup: open it as open(O_CREAT) does
            fd = CreationRaces.openExisting(req, dir.fd, name, oflags);
            created = false;
        }
        return openCreated(req, dir, name, fd, created, mode, umask, flags);
    }

    CreatedFile tmpfile(Request req, long parent, int mode, int umask, int flags) {
        Inode dir = nodes.directory(parent);
        int oflags = (flags & PASSED_FLAGS & ~OpenFlags.O_TRUNC) | OpenFlags.O_TMPFILE | OpenFlags.O_CLOEXEC;
        int fd = SourceCalls.call(() -> AtCalls.openat(dir.fd, ".", oflags, mode & 0777));
        return openCreated(req, dir, null, fd, true, mode, umask, flags);
    }

    /**
     * Gives a file opened by create or tmpfile to the requester (if new) and registers node and
     * open; when that fails, a file this call made is removed again and its lookup dropped.
     *
     * @param name the name made or opened, or null for tmpfile
     */
    CreatedFile openCreated(Request req, Inode dir, String name, int fd, boolean created, int mode,
                                    int umask, int flags) {
        Entry e;
        long ino = -1;
        try {
            Attr a = SourceAttributes.of(fd);
            ino = a.ino();
            if (Mode.isDirectory(a.mode())) {
                throw new FuseException(Errno.EISDIR);
            }
            if (created) {
                Ownership.apply(fd, a, req, SourceAttributes.of(dir.fd), mode, umask);
            }
            e = nodes.register(SourceCalls.reopen(fd, OpenFlags.O_PATH));
        } catch (RuntimeException ex) {
            SourceCalls.closeQuietly(fd);
            undo(dir, name, created, ino);
            throw ex;
        }
        try {
            return new CreatedFile(e, openReply(req, nodes.inodes().get(e.nodeid()), fd, flags, null));
        } catch (RuntimeException ex) {
            nodes.inodes().forget(e.nodeid(), 1);
            undo(dir, name, created, ino);
            throw ex;
        }
    }

    static void undo(Inode dir, String name, boolean created, long ino) {
        if (created && name != null && ino >= 0) {
            CreationRaces.unlinkIfSame(dir.fd, name, ino);
        }
    }

    /**
     * The one place where an open of the source becomes the kernel's {@link OpenFile}: the
     * descriptor goes into the open-file table and its handle is the reply's {@code fh}.
     *
     * With kernel passthrough, a regular file is opened through its inode's backing id. The
     * kernel then writes the source with the daemon's rights, which keep set-user-id and
     * set-group-id bits that a write by someone else must clear; so an open for writing by
     * someone other than root clears them at once, where Linux would at the first write (the
     * kernel refuses an inode open both with and without passthrough, so such an open cannot be
     * sent through the daemon instead).
     *
     * @param req   the open or create request
     * @param n     the node opened
     * @param fd    the source descriptor of this open, owned by the table from now on
     * @param flags the open flags the kernel sent
     * @param dir   the directory read state, for opendir; else null
     * @return the reply
     */
    OpenFile openReply(Request req, Inode n, int fd, int flags, DirStream dir) {
        int backingId = dir == null ? nodes.backing().acquire(n, fd) : 0;
        if (backingId > 0 && (flags & OpenFlags.O_ACCMODE) != 0 && req.uid() != 0) {
            try {
                AttributeChanges.killPrivileges(n, SourceAttributes.of(fd), req.gid());
            } catch (RuntimeException e) {
                nodes.backing().release(n);
                SourceCalls.closeQuietly(fd);
                throw e;
            }
        }
        Handle h = nodes.files().add(n, fd, flags, dir, backingId);
        return backingId > 0 ? OpenFile.passthrough(h.fh(), backingId) : OpenFile.of(h.fh());
    }

    OpenFile opendir(Request req, long nodeid, int flags) {
        Inode n = nodes.directory(nodeid);
        int fd = SourceCalls.reopen(n.fd, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        return openReply(req, n, fd, flags, new DirStream(fd));
    }

    void readdir(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
        Handle h = nodes.files().get(fh);
        nodes.containment().check(h.inode());
        if (!filler.isPlus()) {
            h.dir().read(offset, filler::add);
            return;
        }
        Attr self = SourceAttributes.of(h.fd());
        h.dir().read(offset, (name, ino, type, next) -> {
            if (name.equals(".") || name.equals("..")) {
                return filler.add(name, new Entry(0, 0, self, null, null), next);
            }
            Entry e;
            try {
                e = nodes.register(Resolver.child(h.inode().fd, name)); // the directory was checked above
            } catch (FuseException gone) {
                return true; // removed since it was listed: leave it out
            }
            if (!filler.add(name, e, next)) {
                nodes.inodes().forget(e.nodeid(), 1);
                return false;
            }
            return true;
        });
    }
}
