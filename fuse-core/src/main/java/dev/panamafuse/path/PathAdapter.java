package dev.panamafuse.path;

import dev.panamafuse.Attr;
import dev.panamafuse.CreatedFile;
import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.SetAttr;
import dev.panamafuse.StatFs;
import dev.panamafuse.mount.ConnectionInfo;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The inode {@link FileSystem} that serves a {@link PathFileSystem}: it turns node ids into paths
 * through a {@link NodeTable}, counts one lookup per {@link Entry} it returns, and keeps the
 * table in step with {@code forget}, {@code unlink}, {@code rmdir} and {@code rename} once the
 * path filesystem has done them. Open files keep the path filesystem's handles; open
 * directories get handles of this class, which hold the listing being read.
 *
 * <p>Operations that need a file to exist use its current path and fail with {@code ENOENT}
 * once it was removed; operations on an open file (by handle) use the path it had. Renames
 * exclude every other operation ({@link RenameLock}), so no operation uses a path a concurrent
 * rename made stale.
 */
public final class PathAdapter implements FileSystem {
    private final PathFileSystem fs;
    private final NodeTable table = new NodeTable();
    private final RenameLock paths = new RenameLock();
    private final ListingWriter listing = new ListingWriter(table);
    private final Map<Long, DirHandle> dirs = new ConcurrentHashMap<>();
    private final AtomicLong nextDirHandle = new AtomicLong(1);

    /**
     * Serves {@code fs}; use {@link PathFileSystem#toFileSystem(PathFileSystem)}.
     *
     * @param fs the path filesystem
     */
    public PathAdapter(PathFileSystem fs) {
        this.fs = Objects.requireNonNull(fs, "fs");
    }

    /** {@code attr} with inode number {@code nodeid} when it has none. */
    static Attr withIno(Attr attr, long nodeid) {
        return attr.ino() != 0 ? attr : new Attr(nodeid, attr.mode(), attr.nlink(), attr.uid(), attr.gid(),
                attr.rdev(), attr.size(), attr.blocks(), attr.blksize(), attr.atime(), attr.mtime(), attr.ctime(),
                attr.flags());
    }

    /** How many nodes the inode table holds, the root included (for tests and diagnostics). */
    int knownNodes() {
        return table.size();
    }

    /** The lookup count of a node, or -1 when the table does not hold it (for tests). */
    long lookupCount(long nodeid) {
        return table.lookups(nodeid);
    }

    @Override
    public void init(ConnectionInfo connection) {
        fs.init(connection);
    }

    @Override
    public void destroy() {
        fs.destroy();
    }

    @Override
    public Entry lookup(Request req, long parent, String name) {
        return paths.shared(() -> entry(req, parent, name, table.childPath(parent, name)));
    }

    /** Asks for the attributes of a new or found name and counts one lookup of its node. */
    private Entry entry(Request req, long parent, String name, String path) {
        Attr attr = fs.getattr(req, path, NO_FH);
        if (attr == null) {
            throw new FuseException(Errno.EIO, "getattr returned null for " + path);
        }
        Node node = table.acquire(parent, name);
        return new Entry(node.id, 0, remember(node, attr), null, null);
    }

    @Override
    public void forget(long nodeid, long nlookup) {
        table.forget(nodeid, nlookup);
    }

    /**
     * The attributes of a node. For one that was unlinked or renamed over: through a file open on
     * it ({@code fstat} comes without a handle) when there is one, else the last attributes seen,
     * with no links.
     */
    @Override
    public Attr getattr(Request req, long nodeid, long fh) {
        return paths.shared(() -> {
            Located at = table.locate(nodeid);
            long handle = fh != NO_FH || at.live() ? fh : at.node().openHandle();
            if (!at.live() && handle == NO_FH) {
                Attr last = at.node().lastAttr;
                if (last == null) {
                    throw new FuseException(Errno.ENOENT, at.path() + " was removed");
                }
                return new Attr(last.ino(), last.mode(), 0, last.uid(), last.gid(), last.rdev(), last.size(),
                        last.blocks(), last.blksize(), last.atime(), last.mtime(), last.ctime(), last.flags());
            }
            return remember(at.node(), fs.getattr(req, at.path(), handle));
        });
    }

    private static Attr remember(Node node, Attr attr) {
        if (attr == null) {
            throw new FuseException(Errno.EIO, "the path filesystem returned no attributes");
        }
        Attr fixed = withIno(attr, node.id);
        node.lastAttr = fixed;
        return fixed;
    }

    /** Changes attributes; a node that was unlinked or renamed over is changed through a file open on it. */
    @Override
    public Attr setattr(Request req, long nodeid, SetAttr changes) {
        return paths.shared(() -> {
            Located at = table.locate(nodeid);
            SetAttr c = changes;
            if (!at.live() && !c.hasFh()) {
                long handle = at.node().openHandle();
                if (handle == NO_FH) {
                    throw new FuseException(Errno.ENOENT, at.path() + " was removed");
                }
                c = new SetAttr(c.valid() | SetAttr.FATTR_FH, handle, c.size(), c.lockOwner(), c.atime(), c.mtime(),
                        c.ctime(), c.mode(), c.uid(), c.gid());
            }
            return remember(at.node(), fs.setattr(req, at.path(), c));
        });
    }

    @Override
    public String readlink(Request req, long nodeid) {
        return paths.shared(() -> fs.readlink(req, table.path(nodeid)));
    }

    @Override
    public Entry mknod(Request req, long parent, String name, int mode, int rdev, int umask) {
        return made(req, parent, name, path -> fs.mknod(req, path, mode, rdev));
    }

    @Override
    public Entry mkdir(Request req, long parent, String name, int mode, int umask) {
        return made(req, parent, name, path -> fs.mkdir(req, path, mode));
    }

    @Override
    public Entry symlink(Request req, String target, long parent, String name) {
        return made(req, parent, name, path -> fs.symlink(req, target, path));
    }

    /**
     * Makes the entry {@code name} of {@code parent} through the path filesystem ({@code make}
     * gets its path) and answers with its entry, holding the rename lock's shared side.
     */
    private Entry made(Request req, long parent, String name, Consumer<String> make) {
        return paths.shared(() -> {
            String path = table.childPath(parent, name);
            make.accept(path);
            return entry(req, parent, name, path);
        });
    }

    @Override
    public Entry link(Request req, long nodeid, long newParent, String newName) {
        return paths.shared(() -> {
            String existing = table.path(nodeid);
            String path = table.childPath(newParent, newName);
            fs.link(req, existing, path);
            return entry(req, newParent, newName, path);
        });
    }

    @Override
    public void unlink(Request req, long parent, String name) {
        paths.shared(() -> {
            fs.unlink(req, table.childPath(parent, name));
            table.removed(parent, name);
        });
    }

    @Override
    public void rmdir(Request req, long parent, String name) {
        paths.shared(() -> {
            fs.rmdir(req, table.childPath(parent, name));
            table.removed(parent, name);
        });
    }

    /** Renames; no other operation runs meanwhile, so none uses a path the rename makes stale. */
    @Override
    public void rename(Request req, long parent, String name, long newParent, String newName, int flags) {
        paths.exclusive(() -> {
            fs.rename(req, table.childPath(parent, name), table.childPath(newParent, newName), flags);
            table.renamed(parent, name, newParent, newName, (flags & RENAME_EXCHANGE) != 0);
        });
    }

    @Override
    public OpenFile open(Request req, long nodeid, int flags) {
        return paths.shared(() -> {
            OpenFile open = fs.open(req, table.path(nodeid), flags);
            if (open == null) {
                throw new FuseException(Errno.EIO, "open returned null");
            }
            table.node(nodeid).opened(open.fh());
            return open;
        });
    }

    @Override
    public CreatedFile create(Request req, long parent, String name, int mode, int umask, int flags) {
        return paths.shared(() -> {
            String path = table.childPath(parent, name);
            OpenFile open = fs.create(req, path, mode, flags);
            if (open == null) {
                throw new FuseException(Errno.EIO, "create returned null for " + path);
            }
            Entry entry;
            try {
                entry = entry(req, parent, name, path);
            } catch (RuntimeException e) {
                fs.release(req, path, open.fh(), flags);
                throw e;
            }
            table.node(entry.nodeid()).opened(open.fh());
            return new CreatedFile(entry, open);
        });
    }

    @Override
    public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        return paths.shared(() -> fs.read(req, table.lastPath(nodeid), fh, offset, dest));
    }

    @Override
    public int write(Request req, long nodeid, long fh, long offset, MemorySegment data, int writeFlags) {
        return paths.shared(() -> fs.write(req, table.lastPath(nodeid), fh, offset, data));
    }

    @Override
    public void flush(Request req, long nodeid, long fh, long lockOwner) {
        paths.shared(() -> fs.flush(req, table.lastPath(nodeid), fh));
    }

    @Override
    public void release(Request req, long nodeid, long fh, int flags) {
        paths.shared(() -> {
            table.node(nodeid).released(fh);
            fs.release(req, table.lastPath(nodeid), fh, flags);
        });
    }

    @Override
    public void fsync(Request req, long nodeid, long fh, boolean datasync) {
        paths.shared(() -> fs.fsync(req, table.lastPath(nodeid), fh, datasync));
    }

    @Override
    public OpenFile opendir(Request req, long nodeid, int flags) {
        OpenFile own = paths.shared(() -> fs.opendir(req, table.path(nodeid), flags));
        long handle = nextDirHandle.getAndIncrement();
        dirs.put(handle, new DirHandle(own.fh()));
        return new OpenFile(handle, own.flags(), own.backingId());
    }

    @Override
    public void readdir(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
        readdirplus(req, nodeid, fh, offset, filler);
    }

    @Override
    public void readdirplus(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
        DirHandle dir = dirs.get(fh);
        if (dir == null) {
            throw new FuseException(Errno.EBADF, "directory handle " + fh + " is not open");
        }
        paths.shared(() -> {
            String path = table.lastPath(nodeid);
            listing.write(nodeid, offset, dir.entries(offset, () -> fs.readdir(req, path, dir.userFh)), filler);
        });
    }

    @Override
    public void releasedir(Request req, long nodeid, long fh) {
        DirHandle dir = dirs.remove(fh);
        if (dir != null) {
            paths.shared(() -> fs.releasedir(req, table.lastPath(nodeid), dir.userFh));
        }
    }

    @Override
    public StatFs statfs(Request req, long nodeid) {
        return paths.shared(() -> {
            Located at = table.locate(nodeid);
            return fs.statfs(req, at.live() ? at.path() : "/");
        });
    }

    @Override
    public void access(Request req, long nodeid, int mask) {
        paths.shared(() -> fs.access(req, table.path(nodeid), mask));
    }

    @Override
    public void setxattr(Request req, long nodeid, String name, MemorySegment value, int flags, int setxattrFlags) {
        paths.shared(() -> fs.setxattr(req, table.path(nodeid), name, value, flags));
    }

    @Override
    public byte[] getxattr(Request req, long nodeid, String name) {
        return paths.shared(() -> fs.getxattr(req, table.path(nodeid), name));
    }

    @Override
    public List<String> listxattr(Request req, long nodeid) {
        return paths.shared(() -> fs.listxattr(req, table.path(nodeid)));
    }

    @Override
    public void removexattr(Request req, long nodeid, String name) {
        paths.shared(() -> fs.removexattr(req, table.path(nodeid), name));
    }
}
