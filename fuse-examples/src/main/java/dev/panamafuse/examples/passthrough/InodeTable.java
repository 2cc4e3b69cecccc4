package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inodes the kernel knows, by node id and by source identity ({@code st_dev}, {@code st_ino}):
 * two names of one file (hard links) share one node. Each inode holds one descriptor; a second
 * descriptor found for a known file is closed at once (unless the inode is {@link Inode#stale}:
 * then it takes the inode's place), and the last {@code forget} closes the inode's. So the table
 * holds one descriptor per node the kernel remembers, and beyond that only those stale nodes
 * replaced.
 */
final class InodeTable {
    private record Key(long dev, long ino) {
    }

    private final Map<Long, Inode> byId = new ConcurrentHashMap<>();
    private final Map<Key, Inode> byKey = new HashMap<>();
    private long nextId = FileSystem.ROOT + 1;

    /**
     * Creates the table with its root, which is never forgotten.
     *
     * @param rootFd  an {@code O_PATH} descriptor of the source directory
     * @param rootDev its device
     * @param rootIno its inode number
     * @param rootType its type bits
     */
    InodeTable(int rootFd, long rootDev, long rootIno, int rootType) {
        Inode root = new Inode(FileSystem.ROOT, rootDev, rootIno, rootFd, rootType);
        root.lookups = Long.MAX_VALUE / 2;
        byId.put(root.nodeid, root);
        byKey.put(new Key(rootDev, rootIno), root);
    }

    /**
     * The inode of a node id.
     *
     * @throws FuseException {@code ESTALE} when the kernel names a node it forgot
     */
    Inode get(long nodeid) {
        Inode n = byId.get(nodeid);
        if (n == null) {
            throw new FuseException(Errno.ESTALE);
        }
        return n;
    }

    /**
     * Counts one lookup of the file {@code fd} names: the known inode when there is one (then
     * {@code fd} is closed), else a new inode that keeps {@code fd}.
     *
     * @param fd   an {@code O_PATH} descriptor, owned by the table from now on
     * @param dev  the file's device
     * @param ino  its inode number
     * @param type its type bits
     * @return the inode, its count increased by one
     */
    Inode add(int fd, long dev, long ino, int type) {
        Inode n;
        boolean duplicate;
        synchronized (this) {
            Key key = new Key(dev, ino);
            n = byKey.get(key);
            duplicate = n != null && n.type == type;
            if (!duplicate) {
                // a new file, or a reused inode number whose old node lives on under its id
                n = new Inode(nextId++, dev, ino, fd, type);
                byKey.put(key, n);
                byId.put(n.nodeid, n);
            } else if (n.stale) {
                // its descriptor was found outside the source; this lookup found it inside
                n.adopt(fd);
                duplicate = false;
            }
            n.lookups++;
        }
        if (duplicate) {
            SourceCalls.closeQuietly(fd);
        }
        return n;
    }

    /** Counts one more lookup of a known inode (a hard link made of it). */
    synchronized void ref(Inode n) {
        n.lookups++;
    }

    /**
     * Drops {@code count} lookups; at zero the inode leaves the table and its descriptor is closed.
     *
     * @param nodeid the node id
     * @param count  lookups to drop
     */
    void forget(long nodeid, long count) {
        Inode gone = null;
        synchronized (this) {
            Inode n = byId.get(nodeid);
            if (n == null || n.nodeid == FileSystem.ROOT) {
                return;
            }
            n.lookups -= count;
            if (n.lookups <= 0) {
                byId.remove(nodeid);
                byKey.remove(new Key(n.dev, n.ino), n);
                gone = n;
            }
        }
        if (gone != null) {
            synchronized (this) {
                gone.close();
            }
        }
    }

    /** How many inodes the table holds, the root included. */
    int size() {
        return byId.size();
    }

    /** Closes every descriptor, the root's too; the table is empty afterwards. */
    void closeAll() {
        List<Inode> all;
        synchronized (this) {
            all = new ArrayList<>(byId.values());
            byId.clear();
            byKey.clear();
        }
        synchronized (this) {
            all.forEach(Inode::close);
        }
    }
}
