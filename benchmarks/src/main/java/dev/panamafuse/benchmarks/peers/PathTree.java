package dev.panamafuse.benchmarks.peers;

import dev.panamafuse.Errno;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * The in-memory tree both Java peers serve: directories, regular files whose data is kept in
 * memory, and the read-only {@code /zero} file whose reads return zeros and which stores nothing.
 *
 * <p>Nodes are found by absolute path ({@code "/"}, {@code "/a/b"}, as libfuse's path API passes
 * them) in one concurrent map, so reads, writes and stats take no tree-wide lock; changes of the
 * namespace (mkdir, create, unlink, rmdir, rename) are serialized by one lock, and each node's
 * attributes and data by its own monitor. Safe for any number of concurrent callers.
 *
 * <p>Operations return 0 (or a byte count) on success and a negated {@link Errno} value on
 * failure. Access times are set at creation and by {@link #utimens} only (reads do not update
 * them). Owners and permissions are stored but not checked: the servers mount without
 * {@code default_permissions} and run as root. Inode numbers are kept per node, but both servers
 * leave numbering to libfuse (no {@code use_ino}), because jfuse's {@code Stat} has no inode field.
 */
public final class PathTree {
    /** The zero file's path. */
    public static final String ZERO = "/zero";
    /** A {@link #utimens} time meaning "now" ({@code UTIME_NOW}). */
    public static final long TIME_NOW = Long.MIN_VALUE;
    /** A {@link #utimens} time meaning "leave unchanged" ({@code UTIME_OMIT}). */
    public static final long TIME_OMIT = Long.MIN_VALUE + 1;
    /** {@code O_ACCMODE}: the access-mode bits of open flags. */
    public static final int O_ACCMODE = 03;
    /** {@code O_TRUNC}. */
    public static final int O_TRUNC = 01000;
    /** {@code RENAME_NOREPLACE}. */
    public static final int RENAME_NOREPLACE = 1;

    private static final long MAX_NODES = 1L << 24;
    private static final int NAME_MAX = 255;
    private static final int BLOCK = 4096;

    private final ConcurrentHashMap<String, Node> nodes = new ConcurrentHashMap<>();
    private final Object namespace = new Object();
    private final AtomicLong nextIno = new AtomicLong(1);
    private final int uid;
    private final int gid;

    /**
     * Makes a tree holding an empty root directory (mode 0755) and the zero file (mode 0444).
     *
     * @param zeroSize the zero file's size in bytes, ≥ 0
     * @param uid      owner of the root, the zero file and every node made later
     * @param gid      their group
     */
    public PathTree(long zeroSize, int uid, int gid) {
        if (zeroSize < 0) {
            throw new IllegalArgumentException("zero file size " + zeroSize + " is negative");
        }
        this.uid = uid;
        this.gid = gid;
        Node root = Node.directory(nextIno.getAndIncrement(), 0755, uid, gid);
        nodes.put("/", root);
        nodes.put(ZERO, Node.zeroFile(nextIno.getAndIncrement(), zeroSize, uid, gid));
        root.children.add(ZERO.substring(1));
    }

    /**
     * The attributes of a node (lookup, getattr).
     *
     * @param path absolute path
     * @return the attributes, or null if there is no such node
     */
    public NodeStat stat(String path) {
        Node n = nodes.get(path);
        return n == null ? null : n.stat();
    }

    /**
     * Makes a directory.
     *
     * @param path        absolute path of the new directory
     * @param permissions its permission bits
     * @return 0, {@code -EEXIST}, {@code -ENOENT} or {@code -ENOTDIR}
     */
    public int mkdir(String path, int permissions) {
        synchronized (namespace) {
            return add(path, ino -> Node.directory(ino, permissions, uid, gid));
        }
    }

    /**
     * Makes an empty regular file, or opens the one already there (create).
     *
     * @param path        absolute path
     * @param permissions its permission bits
     * @param flags       open flags ({@code O_TRUNC} truncates an existing file opened for writing)
     * @return 0, {@code -EISDIR}, {@code -ENOENT} or {@code -ENOTDIR}
     */
    public int create(String path, int permissions, int flags) {
        synchronized (namespace) {
            return nodes.containsKey(path) ? open(path, flags)
                    : add(path, ino -> Node.file(ino, permissions, uid, gid));
        }
    }

    /**
     * Checks that a regular file may be opened, truncating it for {@code O_TRUNC} with write access.
     *
     * @param path  absolute path
     * @param flags open flags
     * @return 0, {@code -ENOENT}, {@code -EISDIR}, or {@code -EACCES} for writing the zero file
     */
    public int open(String path, int flags) {
        Node n = nodes.get(path);
        if (n == null) {
            return -Errno.ENOENT.code();
        }
        if (n.isDirectory()) {
            return -Errno.EISDIR.code();
        }
        boolean writing = (flags & O_ACCMODE) != 0;
        if (n.zeroSize >= 0) {
            return writing ? -Errno.EACCES.code() : 0;
        }
        return writing && (flags & O_TRUNC) != 0 ? n.truncate(0) : 0;
    }

    /**
     * Checks that a directory may be listed (opendir).
     *
     * @param path absolute path
     * @return 0, {@code -ENOENT} or {@code -ENOTDIR}
     */
    public int openDirectory(String path) {
        Node n = nodes.get(path);
        return n == null ? -Errno.ENOENT.code() : n.isDirectory() ? 0 : -Errno.ENOTDIR.code();
    }

    /**
     * Reads from a regular file.
     *
     * @param path   absolute path
     * @param offset first byte
     * @param length most bytes to read
     * @param target the binding's buffer
     * @return bytes read (0 at the end), {@code -ENOENT} or {@code -EISDIR}
     */
    public int read(String path, long offset, int length, ReadTarget target) {
        Node n = nodes.get(path);
        if (n == null) {
            return -Errno.ENOENT.code();
        }
        return n.isDirectory() ? -Errno.EISDIR.code() : n.read(offset, length, target);
    }

    /**
     * Writes to a regular file, growing it as needed.
     *
     * @param path   absolute path
     * @param offset first byte
     * @param length bytes to write
     * @param source the binding's buffer
     * @return {@code length}, {@code -ENOENT}, {@code -EISDIR}, {@code -EPERM} (zero file) or
     *         {@code -EFBIG}
     */
    public int write(String path, long offset, int length, WriteSource source) {
        Node n = regular(path);
        return n == null ? fileError(path) : n.write(offset, length, source);
    }

    /**
     * Sets a regular file's size (truncate, ftruncate, setattr size).
     *
     * @param path absolute path
     * @param size new size
     * @return 0, {@code -ENOENT}, {@code -EISDIR}, {@code -EPERM} (zero file), {@code -EINVAL}
     */
    public int truncate(String path, long size) {
        Node n = regular(path);
        return n == null ? fileError(path) : n.truncate(size);
    }

    /**
     * Sets permission bits (setattr mode).
     *
     * @param path        absolute path
     * @param permissions new permission bits; the file type is kept
     * @return 0 or {@code -ENOENT}
     */
    public int chmod(String path, int permissions) {
        return change(path, n -> n.chmod(permissions));
    }

    /**
     * Sets owner and group (setattr uid/gid).
     *
     * @param path   absolute path
     * @param newUid new owner, or -1 to keep it
     * @param newGid new group, or -1 to keep it
     * @return 0 or {@code -ENOENT}
     */
    public int chown(String path, int newUid, int newGid) {
        return change(path, n -> n.chown(newUid, newGid));
    }

    /**
     * Sets access and modification times (setattr times).
     *
     * @param path    absolute path
     * @param atimeNs nanoseconds since the epoch, {@link #TIME_NOW} or {@link #TIME_OMIT}
     * @param mtimeNs likewise
     * @return 0 or {@code -ENOENT}
     */
    public int utimens(String path, long atimeNs, long mtimeNs) {
        return change(path, n -> n.utimens(atimeNs, mtimeNs));
    }

    /**
     * Removes a regular file.
     *
     * @param path absolute path
     * @return 0, {@code -ENOENT} or {@code -EISDIR}
     */
    public int unlink(String path) {
        synchronized (namespace) {
            Node n = nodes.get(path);
            if (n == null) {
                return -Errno.ENOENT.code();
            }
            if (n.isDirectory()) {
                return -Errno.EISDIR.code();
            }
            detach(path, n);
            return 0;
        }
    }

    /**
     * Removes an empty directory.
     *
     * @param path absolute path
     * @return 0, {@code -ENOENT}, {@code -ENOTDIR}, {@code -ENOTEMPTY} or {@code -EBUSY} (root)
     */
    public int rmdir(String path) {
        synchronized (namespace) {
            if (path.equals("/")) {
                return -Errno.EBUSY.code();
            }
            Node n = nodes.get(path);
            if (n == null) {
                return -Errno.ENOENT.code();
            }
            if (!n.isDirectory()) {
                return -Errno.ENOTDIR.code();
            }
            if (!n.children.isEmpty()) {
                return -Errno.ENOTEMPTY.code();
            }
            detach(path, n);
            return 0;
        }
    }

    /**
     * Renames a node, replacing what is at the target as rename(2) does.
     *
     * @param from  absolute path of the node
     * @param to    its new absolute path
     * @param flags 0 or {@link #RENAME_NOREPLACE}; any other flag (such as
     *              {@code RENAME_EXCHANGE}) answers {@code -EINVAL}
     * @return 0 or a negated errno ({@code ENOENT}, {@code EEXIST}, {@code EINVAL},
     *         {@code ENOTDIR}, {@code EISDIR}, {@code ENOTEMPTY}, {@code EBUSY})
     */
    public int rename(String from, String to, int flags) {
        if ((flags & ~RENAME_NOREPLACE) != 0) {
            return -Errno.EINVAL.code();
        }
        synchronized (namespace) {
            return PathRename.rename(this, nodes, from, to, flags);
        }
    }

    /**
     * Lists a directory (readdir): {@code .}, {@code ..}, then the entry names, each handed to
     * {@code filler} until it answers false (the binding's reply buffer is full).
     *
     * @param path   absolute path
     * @param filler takes one name; false to stop
     * @return 0, {@code -ENOENT} or {@code -ENOTDIR}
     */
    public int readdir(String path, Predicate<String> filler) {
        Node n = nodes.get(path);
        if (n == null) {
            return -Errno.ENOENT.code();
        }
        if (!n.isDirectory()) {
            return -Errno.ENOTDIR.code();
        }
        if (filler.test(".") && filler.test("..")) {
            for (String name : n.children) {
                if (!filler.test(name)) {
                    break;
                }
            }
        }
        return 0;
    }

    /**
     * The filesystem's size and use (statfs): the JVM heap, in 4 KiB blocks.
     *
     * @return the figures
     */
    public FsStats statfs() {
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        long free = Math.max(0, max - (rt.totalMemory() - rt.freeMemory()));
        return new FsStats(BLOCK, max / BLOCK, free / BLOCK, MAX_NODES, Math.max(0, MAX_NODES - nodes.size()),
                NAME_MAX);
    }

    /** Applies {@code change} to the node at {@code path}: 0, or {@code -ENOENT}. */
    private int change(String path, Consumer<Node> change) {
        Node n = nodes.get(path);
        if (n == null) {
            return -Errno.ENOENT.code();
        }
        change.accept(n);
        return 0;
    }

    /**
     * Names a new node at {@code path}, made by {@code make} from a fresh inode number, once its
     * parent is a directory without that name. Under the namespace lock.
     *
     * @return 0, {@code -ENOENT}, {@code -ENOTDIR} or {@code -EEXIST}
     */
    private int add(String path, LongFunction<Node> make) {
        Node parent = nodes.get(parentOf(path));
        int r = checkNew(path, parent);
        if (r != 0) {
            return r;
        }
        Node n = make.apply(nextIno.getAndIncrement());
        nodes.put(path, n);
        parent.children.add(nameOf(path));
        if (n.isDirectory()) {
            parent.link(1);
        }
        parent.modified();
        return 0;
    }

    private int checkNew(String path, Node parent) {
        if (parent == null) {
            return -Errno.ENOENT.code();
        }
        if (!parent.isDirectory()) {
            return -Errno.ENOTDIR.code();
        }
        return nodes.containsKey(path) ? -Errno.EEXIST.code() : 0;
    }

    /** Removes {@code n} at {@code path} from its parent and the map. Under the namespace lock. */
    void detach(String path, Node n) {
        Node parent = nodes.get(parentOf(path));
        nodes.remove(path);
        parent.children.remove(nameOf(path));
        if (n.isDirectory()) {
            parent.link(-1);
        }
        parent.modified();
        n.unlinked();
    }

    private Node regular(String path) {
        Node n = nodes.get(path);
        return n == null || n.isDirectory() || n.zeroSize >= 0 ? null : n;
    }

    private int fileError(String path) {
        Node n = nodes.get(path);
        return n == null ? -Errno.ENOENT.code() : n.isDirectory() ? -Errno.EISDIR.code() : -Errno.EPERM.code();
    }

    /** {@return the absolute path of the directory holding {@code path}} */
    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** {@return the last name of {@code path}} */
    static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
