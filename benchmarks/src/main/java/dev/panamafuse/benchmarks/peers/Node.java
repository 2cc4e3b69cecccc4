package dev.panamafuse.benchmarks.peers;

import dev.panamafuse.Mode;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One directory or regular file of a {@link PathTree}. Its attributes and data are guarded by the
 * node's monitor; its children (names only, for a directory) by the tree's namespace lock, but
 * the set is concurrent so listings need no lock.
 */
final class Node {
    final long ino;
    /** The size of the zero file (reads return zeros, nothing stored), or -1. */
    final long zeroSize;
    /** A directory's entry names, else null. */
    final Set<String> children;
    /** A regular file's contents (null for directories and the zero file). */
    private final FileData data;

    private int mode;
    private int uid;
    private int gid;
    private int nlink;
    private long atime;
    private long mtime;
    private long ctime;

    private Node(long ino, int mode, int uid, int gid, long zeroSize) {
        this.ino = ino;
        this.mode = mode;
        this.uid = uid;
        this.gid = gid;
        this.zeroSize = zeroSize;
        boolean dir = Mode.isDirectory(mode);
        this.children = dir ? ConcurrentHashMap.newKeySet() : null;
        this.data = dir || zeroSize >= 0 ? null : new FileData();
        this.nlink = dir ? 2 : 1;
        long now = now();
        this.atime = now;
        this.mtime = now;
        this.ctime = now;
    }

    static Node directory(long ino, int permissions, int uid, int gid) {
        return new Node(ino, Mode.S_IFDIR | (permissions & Mode.PERMISSIONS), uid, gid, -1);
    }

    static Node file(long ino, int permissions, int uid, int gid) {
        return new Node(ino, Mode.S_IFREG | (permissions & Mode.PERMISSIONS), uid, gid, -1);
    }

    static Node zeroFile(long ino, long size, int uid, int gid) {
        return new Node(ino, Mode.S_IFREG | 0444, uid, gid, size);
    }

    /** Nanoseconds since the epoch. */
    static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    boolean isDirectory() {
        return children != null;
    }

    synchronized NodeStat stat() {
        long size = zeroSize >= 0 ? zeroSize : data != null ? data.size() : 4096;
        return new NodeStat(ino, mode, nlink, uid, gid, size, atime, mtime, ctime);
    }

    int read(long offset, int length, ReadTarget target) {
        if (zeroSize >= 0) {
            int n = offset >= zeroSize || length <= 0 ? 0 : (int) Math.min(length, zeroSize - offset);
            if (n > 0) {
                target.zeros(0, n);
            }
            return n;
        }
        synchronized (this) {
            return data.read(offset, length, target);
        }
    }

    synchronized int write(long offset, int length, WriteSource source) {
        int n = data.write(offset, length, source);
        if (n > 0) {
            modified();
        }
        return n;
    }

    synchronized int truncate(long size) {
        int r = data.truncate(size);
        if (r == 0) {
            modified();
        }
        return r;
    }

    synchronized void chmod(int permissions) {
        mode = (mode & Mode.S_IFMT) | (permissions & Mode.PERMISSIONS);
        ctime = now();
    }

    /** Changes owner and group; -1 keeps one. */
    synchronized void chown(int newUid, int newGid) {
        if (newUid != -1) {
            uid = newUid;
        }
        if (newGid != -1) {
            gid = newGid;
        }
        ctime = now();
    }

    /** Sets the times; {@link PathTree#TIME_NOW} and {@link PathTree#TIME_OMIT} as in utimensat(2). */
    synchronized void utimens(long atimeNs, long mtimeNs) {
        long now = now();
        if (atimeNs != PathTree.TIME_OMIT) {
            atime = atimeNs == PathTree.TIME_NOW ? now : atimeNs;
        }
        if (mtimeNs != PathTree.TIME_OMIT) {
            mtime = mtimeNs == PathTree.TIME_NOW ? now : mtimeNs;
        }
        ctime = now;
    }

    /** Adds {@code delta} links (a subdirectory made or removed). */
    synchronized void link(int delta) {
        nlink += delta;
    }

    synchronized void unlinked() {
        nlink = 0;
        ctime = now();
    }

    /** Contents or entries changed. */
    synchronized void modified() {
        long now = now();
        mtime = now;
        ctime = now;
    }

    synchronized void changed() {
        ctime = now();
    }
}
