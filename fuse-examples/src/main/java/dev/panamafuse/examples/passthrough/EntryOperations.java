package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Attr;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.Mode;
import dev.panamafuse.Request;
import dev.panamafuse.ffm.posix.AtCalls;
import dev.panamafuse.ffm.posix.EntryCalls;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.OpenFlags;

/**
 * The operations of {@link PassthroughFs} that make and remove names: MKNOD, MKDIR, SYMLINK,
 * UNLINK, RMDIR, RENAME and LINK, each a call relative to the parent's descriptor with one
 * checked name ({@link NameCheck}); a new entry is given to the caller ({@link Ownership}).
 */
final class EntryOperations {
    private final SourceNodes nodes;

    EntryOperations(SourceNodes nodes) {
        this.nodes = nodes;
    }

    /**
     * Makes a node. A regular file is created with {@code O_CREAT | O_EXCL}, so the descriptor
     * given away is the file made; other types are made by name and adopted. Entries are made
     * with permission bits only: set-id and sticky bits are set after the chown.
     */
    Entry mknod(Request req, long parent, String name, int mode, int rdev, int umask) {
        int type = Mode.type(mode) == 0 ? Mode.S_IFREG : Mode.type(mode);
        Inode dir = nodes.directory(parent);
        NameCheck.check(name);
        if (type == Mode.S_IFREG) {
            int fd = SourceCalls.call(() -> AtCalls.openat(dir.fd, name,
                    OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC, mode & 0777));
            long ino = -1;
            try {
                Attr a = SourceAttributes.of(fd);
                ino = a.ino();
                Ownership.apply(fd, a, req, SourceAttributes.of(dir.fd), mode, umask);
                return nodes.register(SourceCalls.reopen(fd, OpenFlags.O_PATH));
            } catch (RuntimeException e) {
                OpenOperations.undo(dir, name, true, ino);
                throw e;
            } finally {
                SourceCalls.closeQuietly(fd);
            }
        }
        long since = bornSince();
        SourceCalls.run(() -> EntryCalls.mknodat(dir.fd, name, type | (mode & 0777), rdev));
        return adopt(req, dir, name, type, mode, umask, since);
    }

    Entry mkdir(Request req, long parent, String name, int mode, int umask) {
        Inode dir = nodes.directory(parent);
        long since = bornSince();
        SourceCalls.run(() -> EntryCalls.mkdirat(dir.fd, NameCheck.check(name), mode & 0777));
        return adopt(req, dir, name, Mode.S_IFDIR, mode, umask, since);
    }

    Entry symlink(Request req, String target, long parent, String name) {
        Inode dir = nodes.directory(parent);
        long since = bornSince();
        SourceCalls.run(() -> EntryCalls.symlinkat(target, dir.fd, NameCheck.check(name)));
        return adopt(req, dir, name, Mode.S_IFLNK, 0777, 0, since);
    }

    /** The birth time an entry made now has at least (a second of slack for coarse clocks). */
    private static long bornSince() {
        return System.currentTimeMillis() / 1000 - 1;
    }

    /**
     * Opens a just-made entry by name, gives it to the requester and registers it. Another user
     * of the source may have put something else under the name in between: only an entry that
     * looks freshly made by this daemon (type, owner, links, and birth time where the source
     * records it) is given away.
     */
    Entry adopt(Request req, Inode dir, String name, int type, int mode, int umask, long since) {
        int fd = Resolver.child(dir.fd, name);
        try {
            Attr created = SourceAttributes.of(fd);
            if (Ownership.isFresh(created, type, nodes.daemonUid()) && CreationRaces.bornSince(fd, since)) {
                Ownership.apply(fd, created, req, SourceAttributes.of(dir.fd), mode, umask);
            }
        } catch (RuntimeException e) {
            SourceCalls.closeQuietly(fd);
            throw e;
        }
        return nodes.register(fd);
    }

    void unlink(Request req, long parent, String name) {
        Inode dir = nodes.directory(parent);
        SourceCalls.run(() -> EntryCalls.unlinkat(dir.fd, NameCheck.check(name), 0));
    }

    void rmdir(Request req, long parent, String name) {
        Inode dir = nodes.directory(parent);
        SourceCalls.run(() -> EntryCalls.unlinkat(dir.fd, NameCheck.check(name), EntryCalls.AT_REMOVEDIR));
    }

    void rename(Request req, long parent, String name, long newParent, String newName, int flags) {
        Inode from = nodes.directory(parent);
        Inode to = nodes.directory(newParent);
        SourceCalls.run(() -> EntryCalls.renameat2(from.fd, NameCheck.check(name), to.fd, NameCheck.check(newName), flags));
    }

    Entry link(Request req, long nodeid, long newParent, String newName) {
        Inode n = nodes.node(nodeid);
        Inode dir = nodes.directory(newParent);
        NameCheck.check(newName);
        try {
            EntryCalls.linkat(n.fd, "", dir.fd, newName, AtCalls.AT_EMPTY_PATH);
        } catch (LibcException e) {
            if (e.errno() != Errno.ENOENT.code() && e.errno() != Errno.EPERM.code()) {
                throw SourceCalls.fail(e);
            }
            // AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; the magic link does not
            SourceCalls.run(() -> EntryCalls.linkat(AtCalls.AT_FDCWD, SourceCalls.procPath(n.fd), dir.fd, newName,
                    EntryCalls.AT_SYMLINK_FOLLOW));
        }
        Attr a = SourceAttributes.of(n.fd);
        nodes.inodes().ref(n);
        return new Entry(n.nodeid, 0, a, null, null);
    }
}
