package dev.panamafuse.examples.memory;

import dev.panamafuse.Attr;
import dev.panamafuse.Mode;
import dev.panamafuse.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One inode of {@link MemoryFs}: its attributes, extended attributes,
 * kernel lookup count, and the contents of its type (a directory's entries, a file's pages, a
 * symlink's target). Guarded by the filesystem's lock; only {@link #atime} may be refreshed under
 * the read lock (a benign race between readers).
 */
final class MemoryNode {
    private static final Duration RELATIME_AGE = Duration.ofDays(1);

    final long ino;
    int mode;
    int nlink;
    int uid;
    int gid;
    int rdev;
    volatile Instant atime;
    Instant mtime;
    Instant ctime;
    final Map<String, byte[]> xattrs = new LinkedHashMap<>();
    final AtomicLong lookups = new AtomicLong();
    int opens;
    final MemoryDirectory dir;
    final MemoryFileData data;
    String target;
    /** The size of a zero file (reads return zeros, nothing is stored), or -1. */
    long zeroSize = -1;

    MemoryNode(long ino, int mode, int uid, int gid, Instant now, MemoryDirectory dir, MemoryFileData data) {
        this.ino = ino;
        this.mode = mode;
        this.uid = uid;
        this.gid = gid;
        this.atime = now;
        this.mtime = now;
        this.ctime = now;
        this.dir = dir;
        this.data = data;
        this.nlink = dir != null ? 2 : 1;
    }

    boolean isDir() {
        return Mode.isDirectory(mode);
    }

    long size() {
        if (zeroSize >= 0) {
            return zeroSize;
        }
        if (data != null) {
            return data.size();
        }
        if (target != null) {
            return dev.panamafuse.FileNames.byteLength(target);
        }
        return dir != null ? 4096 : 0;
    }

    Attr attr() {
        long blocks = data != null ? data.pages() * 8 : 0;
        return new Attr(ino, mode, nlink, uid, gid, rdev, size(), blocks, 4096, atime, mtime, ctime, 0);
    }

    /** A change of the inode: ctime = now. */
    void changed(Instant now) {
        ctime = now;
    }

    /** A change of the contents: mtime = ctime = now. */
    void modified(Instant now) {
        mtime = now;
        ctime = now;
    }

    /** An access under relatime rules: atime moves when it is not newer than mtime or ctime, or a day old. */
    void accessed(Instant now) {
        Instant a = atime;
        if (!a.isAfter(mtime) || !a.isAfter(ctime) || a.plus(RELATIME_AGE).isBefore(now)) {
            atime = now;
        }
    }

    /**
     * What the node charges to the space besides its entries' names and its file data: the inode,
     * its extended attributes and a symlink's target.
     */
    long heapBytes() {
        long bytes = MemorySpace.INODE + (target != null ? MemorySpace.string(target) : 0);
        for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
            bytes += MemorySpace.xattr(x.getKey(), x.getValue().length);
        }
        return bytes;
    }

    /** Whether nothing references the node any more: no name, no kernel lookup, no open file. */
    boolean unreferenced() {
        return nlink == 0 && lookups.get() <= 0 && opens <= 0;
    }

    /**
     * Clears set-user-id, and set-group-id when group-execute is set (a SETATTR with
     * {@code FATTR_KILL_SUIDGID}).
     */
    void killSuidGid() {
        mode &= ~Mode.S_ISUID;
        if ((mode & 0010) != 0) {
            mode &= ~Mode.S_ISGID;
        }
    }

    /**
     * What Linux does when an unprivileged process writes or truncates: set-user-id goes, and
     * set-group-id goes when group-execute is set or the writer is not in the file's group (only
     * the primary group is known here).
     *
     * @param req the writer
     */
    void killSuidGid(Request req) {
        killSuidGid();
        if (req.gid() != gid) {
            mode &= ~Mode.S_ISGID;
        }
    }
}
