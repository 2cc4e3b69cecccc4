package dev.panamafuse.examples.memory;

import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileNames;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import java.time.Instant;

/**
 * The names of a {@link MemoryFs}: lookup and forget, making nodes (mknod, mkdir, symlink, link),
 * removing and moving entries (unlink, rmdir, rename with {@code RENAME_NOREPLACE} and
 * {@code RENAME_EXCHANGE}), readlink, and listing directories (opendir, readdir). Each method is
 * the {@link FileSystem} operation of the same name, with its contract and errors, less the
 * arguments it does not use.
 *
 * @param tree the inode table, space and lock it works on
 */
record MemoryEntries(MemoryTree tree) {
    private static final int PATH_MAX = 4096;

    Entry lookup(Request req, long parent, String name) {
        try (var l = tree.read()) {
            MemoryNode dir = tree.directory(parent);
            tree.checkName(name);
            MemoryNode n = name.equals("..") ? dir.dir.parent : name.equals(".") ? dir : dir.dir.get(name);
            if (n == null) {
                throw new FuseException(Errno.ENOENT);
            }
            return tree.entry(n);
        }
    }

    void forget(long nodeid, long nlookup) {
        try (var l = tree.write()) {
            MemoryNode n = tree.nodes.get(nodeid);
            if (n != null) {
                n.lookups.addAndGet(-nlookup);
                tree.freeIfUnreferenced(n);
            }
        }
    }

    String readlink(Request req, long nodeid) {
        try (var l = tree.read()) {
            MemoryNode n = tree.node(nodeid);
            if (n.target == null) {
                throw new FuseException(Errno.EINVAL);
            }
            return n.target;
        }
    }

    Entry mknod(Request req, long parent, String name, int mode, int rdev) {
        int type = Mode.type(mode);
        if (type == Mode.S_IFDIR || type == Mode.S_IFLNK) {
            throw new FuseException(Errno.EINVAL);
        }
        try (var l = tree.write()) {
            MemoryNode n = tree.create(req, parent, name, type == 0 ? mode | Mode.S_IFREG : mode, 0);
            n.rdev = type == Mode.S_IFCHR || type == Mode.S_IFBLK ? rdev : 0;
            return tree.entry(n);
        }
    }

    Entry mkdir(Request req, long parent, String name, int mode) {
        try (var l = tree.write()) {
            return tree.entry(tree.create(req, parent, name, Mode.S_IFDIR | (mode & Mode.PERMISSIONS), 0));
        }
    }

    Entry symlink(Request req, String target, long parent, String name) {
        if (target.isEmpty()) {
            throw new FuseException(Errno.ENOENT);
        }
        if (FileNames.byteLength(target) >= PATH_MAX) {
            throw new FuseException(Errno.ENAMETOOLONG);
        }
        try (var l = tree.write()) {
            MemoryNode n = tree.create(req, parent, name, Mode.S_IFLNK | 0777, MemorySpace.string(target));
            n.target = target;
            return tree.entry(n);
        }
    }

    void unlink(long parent, String name) {
        remove(parent, name, false);
    }

    void rmdir(long parent, String name) {
        remove(parent, name, true);
    }

    /**
     * Removes the entry {@code name} of {@code parent}: unlink ({@code directory} false: EISDIR
     * for a directory) or rmdir ({@code directory} true: ENOTDIR for a non-directory, ENOTEMPTY
     * for a directory with entries). The node lives on while the kernel holds lookups or opens.
     */
    private void remove(long parent, String name, boolean directory) {
        try (var l = tree.write()) {
            MemoryNode dir = tree.directory(parent);
            MemoryNode n = tree.child(dir, name);
            if (n.isDir() != directory) {
                throw new FuseException(directory ? Errno.ENOTDIR : Errno.EISDIR);
            }
            if (directory && !n.dir.isEmpty()) {
                throw new FuseException(Errno.ENOTEMPTY);
            }
            Instant now = Instant.now();
            tree.removeEntry(dir, name);
            unlinked(dir, n, now);
            dir.modified(now);
        }
    }

    void rename(long parent, String name, long newParent, String newName, int flags) {
        if ((flags & ~(FileSystem.RENAME_NOREPLACE | FileSystem.RENAME_EXCHANGE)) != 0
                || flags == (FileSystem.RENAME_NOREPLACE | FileSystem.RENAME_EXCHANGE)) {
            throw new FuseException(Errno.EINVAL);
        }
        try (var l = tree.write()) {
            MemoryNode from = tree.directory(parent);
            MemoryNode to = tree.directory(newParent);
            tree.checkName(newName);
            MemoryNode n = tree.child(from, name);
            MemoryNode existing = to.dir.get(newName);
            Instant now = Instant.now();
            if ((flags & FileSystem.RENAME_EXCHANGE) != 0) {
                exchange(from, name, n, to, newName, existing, now);
                return;
            }
            if (existing == n) {
                return;
            }
            if (existing != null && (flags & FileSystem.RENAME_NOREPLACE) != 0) {
                throw new FuseException(Errno.EEXIST);
            }
            if (n.isDir()) {
                checkNotInside(n, to);
                if (existing != null && !existing.isDir()) {
                    throw new FuseException(Errno.ENOTDIR);
                }
                if (existing != null && !existing.dir.isEmpty()) {
                    throw new FuseException(Errno.ENOTEMPTY);
                }
            } else if (existing != null && existing.isDir()) {
                throw new FuseException(Errno.EISDIR);
            }
            if (existing == null) {
                tree.space.reserveBytes(MemorySpace.entry(newName));
            } else {
                to.dir.remove(newName); // its charge passes on to n's entry of the same name
                unlinked(to, existing, now);
            }
            tree.removeEntry(from, name);
            to.dir.put(newName, n);
            moveDirectory(n, from, to);
            n.changed(now);
            from.modified(now);
            to.modified(now);
        }
    }

    private void exchange(MemoryNode from, String name, MemoryNode n, MemoryNode to, String newName,
                          MemoryNode other, Instant now) {
        if (other == null) {
            throw new FuseException(Errno.ENOENT);
        }
        if (n.isDir()) {
            checkNotInside(n, to);
        }
        if (other.isDir()) {
            checkNotInside(other, from);
        }
        from.dir.put(name, other);
        to.dir.put(newName, n);
        moveDirectory(n, from, to);
        moveDirectory(other, to, from);
        n.changed(now);
        other.changed(now);
        from.modified(now);
        to.modified(now);
    }

    Entry link(long nodeid, long newParent, String newName) {
        try (var l = tree.write()) {
            MemoryNode n = tree.node(nodeid);
            if (n.isDir()) {
                throw new FuseException(Errno.EPERM);
            }
            MemoryNode dir = tree.directory(newParent);
            tree.checkName(newName);
            if (dir.dir.get(newName) != null) {
                throw new FuseException(Errno.EEXIST);
            }
            tree.space.reserveBytes(MemorySpace.entry(newName));
            Instant now = Instant.now();
            dir.dir.put(newName, n);
            n.nlink++;
            n.changed(now);
            dir.modified(now);
            return tree.entry(n);
        }
    }

    OpenFile opendir(Request req, long nodeid, int flags) {
        try (var l = tree.read()) {
            tree.directory(nodeid);
            return OpenFile.of(0);
        }
    }

    void readdir(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
        try (var l = tree.read()) {
            MemoryNode dir = tree.directory(nodeid);
            if (offset < 1 && !filler.add(".", dir.ino, dir.mode, 1)) {
                return;
            }
            MemoryNode parent = dir.dir.parent;
            if (offset < 2 && !filler.add("..", parent.ino, parent.mode, 2)) {
                return;
            }
            for (MemoryDirectory.DirEntry e : dir.dir.after(Math.max(offset, MemoryDirectory.FIRST_ENTRY_OFFSET))) {
                if (!filler.add(e.name(), e.ino(), e.type(),
                        e.cookie() + MemoryDirectory.FIRST_ENTRY_OFFSET)) {
                    break;
                }
            }
            dir.accessed(Instant.now());
        }
    }

    /**
     * One name of {@code n} in {@code dir} is gone (its entry already removed): the link counts
     * drop (a directory's to 0, and its parent's by one), {@code n} changes, and it is freed once
     * nothing references it.
     */
    private void unlinked(MemoryNode dir, MemoryNode n, Instant now) {
        if (n.isDir()) {
            n.nlink = 0;
            dir.nlink--;
        } else {
            n.nlink--;
        }
        n.changed(now);
        tree.freeIfUnreferenced(n);
    }

    private static void moveDirectory(MemoryNode n, MemoryNode from, MemoryNode to) {
        if (n.isDir() && from != to) {
            from.nlink--;
            to.nlink++;
            n.dir.parent = to;
        }
    }

    /** EINVAL when {@code target} is {@code dir} or lies inside it (a directory moved into itself). */
    private static void checkNotInside(MemoryNode dir, MemoryNode target) {
        for (MemoryNode p = target; ; p = p.dir.parent) {
            if (p == dir) {
                throw new FuseException(Errno.EINVAL);
            }
            if (p.ino == FileSystem.ROOT) {
                return;
            }
        }
    }
}
