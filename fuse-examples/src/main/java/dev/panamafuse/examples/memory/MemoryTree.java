package dev.panamafuse.examples.memory;

import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileNames;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.Request;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The state every operation family of {@link MemoryFs} shares: the inode table, the space
 * budget, the locks, and the one read-write lock that guards the tree, with the steps the
 * families have in common (finding a node of the right type, making and naming a node, freeing
 * one nothing references). Every method but {@link #read()} and {@link #write()} runs under
 * that lock; lock waits ({@code F_SETLKW}, blocking flock) happen outside it.
 */
final class MemoryTree {
    /** The longest name, in bytes. */
    static final int NAME_MAX = 255;

    final Map<Long, MemoryNode> nodes = new HashMap<>();
    final MemorySpace space;
    final MemoryLocks locks = new MemoryLocks();
    /** The most inodes: one per 4 KiB page of the size limit. */
    final long maxInodes;
    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    private final AtomicLong nextIno = new AtomicLong(FileSystem.ROOT + 1);

    /**
     * A tree holding only its root directory.
     *
     * @param sizeLimit most bytes it holds, at least one page
     * @param rootUid   owner of the root directory
     * @param rootGid   group of the root directory
     * @param rootMode  permission bits of the root directory
     */
    MemoryTree(long sizeLimit, int rootUid, int rootGid, int rootMode) {
        this.space = new MemorySpace(sizeLimit);
        this.maxInodes = space.limitPages();
        space.reserveBytes(MemorySpace.INODE);
        MemoryNode root = new MemoryNode(FileSystem.ROOT, Mode.S_IFDIR | (rootMode & Mode.PERMISSIONS), rootUid,
                rootGid, Instant.now(), new MemoryDirectory(null), null);
        root.dir.parent = root;
        nodes.put(FileSystem.ROOT, root);
    }

    /**
     * Adds a zero file to the root directory: see {@link MemoryFs#addZeroFile(String, long)}.
     *
     * @param name the file's name in the root directory
     * @param size its size in bytes, ≥ 0
     */
    void addZeroFile(String name, long size) {
        try (var l = write()) {
            MemoryNode root = nodes.get(FileSystem.ROOT);
            if (root.dir.get(name) != null) {
                throw new IllegalArgumentException("the root already has an entry '" + name + "'");
            }
            space.reserveBytes(MemorySpace.INODE + MemorySpace.entry(name));
            long ino = nextIno.getAndIncrement();
            MemoryNode n = new MemoryNode(ino, Mode.S_IFREG | 0444, root.uid, root.gid, Instant.now(), null, null);
            n.zeroSize = size;
            nodes.put(ino, n);
            root.dir.put(name, n);
        }
    }

    /**
     * A new node named {@code name} in {@code parent}; its inode, its name and {@code extraBytes}
     * more (a symlink's target) are charged to the space first, so ENOSPC changes nothing.
     */
    MemoryNode create(Request req, long parent, String name, int mode, long extraBytes) {
        MemoryNode dir = directory(parent);
        checkName(name);
        if (dir.dir.get(name) != null) {
            throw new FuseException(Errno.EEXIST);
        }
        MemoryNode n = newNode(req, dir, mode, MemorySpace.entry(name) + extraBytes);
        Instant now = n.ctime;
        dir.dir.put(name, n);
        if (n.isDir()) {
            dir.nlink++;
        }
        dir.modified(now);
        return n;
    }

    /** A new node, not yet named; its inode and {@code extraBytes} are charged to the space (or ENOSPC). */
    MemoryNode newNode(Request req, MemoryNode dir, int mode, long extraBytes) {
        if (nodes.size() >= maxInodes) {
            throw new FuseException(Errno.ENOSPC);
        }
        space.reserveBytes(MemorySpace.INODE + extraBytes);
        boolean sgidDir = (dir.mode & Mode.S_ISGID) != 0;
        int gid = sgidDir ? dir.gid : req.gid();
        boolean isDir = Mode.isDirectory(mode);
        if (isDir && sgidDir) {
            mode |= Mode.S_ISGID;
        }
        long ino = nextIno.getAndIncrement();
        MemoryNode n = new MemoryNode(ino, mode, req.uid(), gid, Instant.now(),
                isDir ? new MemoryDirectory(dir) : null,
                Mode.isRegular(mode) ? new MemoryFileData(space) : null);
        nodes.put(ino, n);
        return n;
    }

    /** The entry of {@code n} for the kernel, counting one more kernel lookup of it. */
    Entry entry(MemoryNode n) {
        n.lookups.incrementAndGet();
        return Entry.of(n.attr());
    }

    /** Frees {@code n} (its data, its space, its locks) once nothing references it; never the root. */
    void freeIfUnreferenced(MemoryNode n) {
        if (n.ino != FileSystem.ROOT && n.unreferenced()) {
            nodes.remove(n.ino);
            if (n.data != null) {
                n.data.free();
            }
            space.releaseBytes(n.heapBytes());
            locks.forget(n.ino);
        }
    }

    /** Removes the entry {@code name} of {@code dir} and gives its space back. */
    void removeEntry(MemoryNode dir, String name) {
        dir.dir.remove(name);
        space.releaseBytes(MemorySpace.entry(name));
    }

    /** The node {@code nodeid}, or ENOENT. */
    MemoryNode node(long nodeid) {
        return found(nodes.get(nodeid));
    }

    /** The directory {@code nodeid}, or ENOENT or ENOTDIR. */
    MemoryNode directory(long nodeid) {
        MemoryNode n = node(nodeid);
        if (!n.isDir()) {
            throw new FuseException(Errno.ENOTDIR);
        }
        return n;
    }

    /** The regular file {@code nodeid} that stores data, or ENOENT, EISDIR, EPERM (the zero file) or EINVAL. */
    MemoryNode regular(long nodeid) {
        return regular(node(nodeid));
    }

    /** {@code n} if it is a regular file that stores data, else EISDIR, EPERM (the zero file) or EINVAL. */
    MemoryNode regular(MemoryNode n) {
        if (n.isDir()) {
            throw new FuseException(Errno.EISDIR);
        }
        if (n.zeroSize >= 0) {
            throw new FuseException(Errno.EPERM, "the zero file is read-only");
        }
        if (n.data == null) {
            throw new FuseException(Errno.EINVAL);
        }
        return n;
    }

    /** The entry {@code name} of {@code dir}, or ENOENT. */
    MemoryNode child(MemoryNode dir, String name) {
        return found(dir.dir.get(name));
    }

    private static MemoryNode found(MemoryNode n) {
        if (n == null) {
            throw new FuseException(Errno.ENOENT);
        }
        return n;
    }

    /** ENAMETOOLONG for a name longer than {@code NAME_MAX} bytes. */
    void checkName(String name) {
        if (FileNames.byteLength(name) > NAME_MAX) {
            throw new FuseException(Errno.ENAMETOOLONG);
        }
    }

    /** A held lock, released by try-with-resources. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** {@return the read lock of the tree, held until closed} */
    Held read() {
        Lock lock = rw.readLock();
        lock.lock();
        return lock::unlock;
    }

    /** {@return the write lock of the tree, held until closed} */
    Held write() {
        Lock lock = rw.writeLock();
        lock.lock();
        return lock::unlock;
    }
}
