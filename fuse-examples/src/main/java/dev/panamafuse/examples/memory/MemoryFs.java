package dev.panamafuse.examples.memory;

import dev.panamafuse.Attr;
import dev.panamafuse.CreatedFile;
import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileLock;
import dev.panamafuse.FileNames;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.SetAttr;
import dev.panamafuse.StatFs;
import dev.panamafuse.mount.Capability;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A read-write filesystem held in memory that behaves like tmpfs: regular files (sparse, in
 * 4 KiB pages), directories, symlinks, hard links, FIFOs, sockets and device nodes, extended
 * attributes, POSIX and flock locks, fallocate, SEEK_DATA/SEEK_HOLE, copy_file_range and
 * O_TMPFILE, with POSIX timestamps (atime under relatime rules) and a size limit (ENOSPC).
 *
 * <p>The size limit bounds everything a client can store, since all of it lives on the Java
 * heap: file data in 4 KiB pages, and an estimate of the heap taken by each inode (512 bytes),
 * each directory entry (160 bytes plus two per character of its name), each extended attribute
 * (96 bytes plus its name and value) and each symlink target. statfs ({@code df}) reports the
 * sum; an operation that would exceed the limit fails with ENOSPC and changes nothing. The JVM's
 * heap must hold the limit: see {@link #heapNeeded(long)}.
 *
 * <p>New entries belong to the uid and gid of the request (the parent's gid when the parent has
 * S_ISGID, and new directories inherit S_ISGID). Permission checks are the kernel's: mount with
 * {@code default_permissions}. Thread-safe: one read-write lock guards the tree; lock waits
 * (F_SETLKW, blocking flock) happen outside it.
 */
public final class MemoryFs implements FileSystem {
    /** The default size limit: 1 GiB. */
    public static final long DEFAULT_SIZE_LIMIT = 1L << 30;

    /** The heap a JVM serving a MemoryFs needs besides what the filesystem stores: 32 MiB. */
    private static final long HEAP_BASE = 32L << 20;

    /** What reads of a zero file send: 1 MiB of zeros, never written, shared by every read. */
    private static final MemorySegment ZEROS = Arena.global().allocate(1 << 20);
    private static final int NAME_MAX = 255;
    private static final int PATH_MAX = 4096;
    private static final int FALLOC_FL_KEEP_SIZE = 0x01;
    private static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    private static final int FALLOC_FL_ZERO_RANGE = 0x10;
    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final int XATTR_CREATE = 1;
    private static final int XATTR_REPLACE = 2;
    private static final int WRITE_KILL_SUIDGID = 4;
    private static final int WRITE_CACHE = 1;
    private static final int O_EXCL = 0200;
    private static final int O_ACCMODE = 3;
    private static final List<String> XATTR_PREFIXES = List.of("user.", "trusted.", "security.");
    private static final int O_TRUNC = 01000;

    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    private final Map<Long, MemoryNode> nodes = new HashMap<>();
    private final AtomicLong nextIno = new AtomicLong(ROOT + 1);
    private final MemorySpace space;
    private final MemoryLocks locks = new MemoryLocks();
    private final long maxInodes;

    /** A filesystem of at most {@link #DEFAULT_SIZE_LIMIT} bytes whose root (0755) belongs to the current user. */
    public MemoryFs() {
        this(DEFAULT_SIZE_LIMIT, Owner.uid(), Owner.gid(), 0755);
    }

    /**
     * A filesystem with explicit limits and root.
     *
     * @param sizeLimit most bytes it holds, file data and metadata (rounded down to 4 KiB pages);
     *                  it also bounds the number of inodes (one per 4 KiB)
     * @param rootUid   owner of the root directory
     * @param rootGid   group of the root directory
     * @param rootMode  permission bits of the root directory (e.g. 0755 or 01777)
     */
    public MemoryFs(long sizeLimit, int rootUid, int rootGid, int rootMode) {
        if (sizeLimit < MemorySpace.PAGE) {
            throw new IllegalArgumentException("size limit " + sizeLimit + " is below one page (4096 bytes)");
        }
        this.space = new MemorySpace(sizeLimit);
        this.maxInodes = space.limitPages();
        space.reserveBytes(MemorySpace.INODE);
        MemoryNode root = new MemoryNode(ROOT, Mode.S_IFDIR | (rootMode & Mode.PERMISSIONS), rootUid, rootGid,
                Instant.now(), new MemoryDirectory(null), null);
        root.dir.parent = root;
        nodes.put(ROOT, root);
    }

    /**
     * The Java heap (the JVM's {@code -Xmx}) a process serving a full MemoryFs of this size limit
     * needs: the limit, an eighth more (the page map's own objects, and room for the garbage
     * collector to work in), and 32 MiB for the rest of the process. With less, filling the
     * filesystem ends in {@link OutOfMemoryError} instead of ENOSPC.
     *
     * @param sizeLimit a size limit in bytes
     * @return the heap it needs, in bytes
     */
    public static long heapNeeded(long sizeLimit) {
        return sizeLimit + sizeLimit / 8 + HEAP_BASE;
    }

    /**
     * The largest size limit, in whole 4 KiB pages, that a heap of {@code heapBytes} holds
     * according to {@link #heapNeeded(long)}; 0 if it holds not even one page.
     *
     * @param heapBytes a heap size in bytes, such as {@code Runtime.getRuntime().maxMemory()}
     * @return the size limit in bytes
     */
    public static long largestSizeLimit(long heapBytes) {
        return Math.max(0, heapBytes - HEAP_BASE) / 9 * 8 / MemorySpace.PAGE * MemorySpace.PAGE;
    }

    /**
     * Asks for {@code atomic_o_trunc}: {@code open(O_TRUNC)} then reaches {@link #open}, which
     * updates the modification time even when the file was already empty, as POSIX requires (a
     * plain size-0 SETATTR cannot tell an {@code O_TRUNC} from a {@code truncate(2)}).
     */
    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.ATOMIC_O_TRUNC);
    }

    /**
     * Adds a read-only regular file (mode 0444, owned by the root directory's owner) of
     * {@code size} bytes to the root directory whose reads return zeros and which stores nothing,
     * so a benchmark measures the binding rather than the data structure. Writing, truncating or
     * opening it for writing fails (EPERM, EACCES).
     *
     * @param name the file's name in the root directory
     * @param size its size in bytes, ≥ 0 (e.g. 4 GiB)
     */
    public void addZeroFile(String name, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("zero file size " + size + " is negative");
        }
        try (var l = write()) {
            MemoryNode root = nodes.get(ROOT);
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

    // ---------------------------------------------------------------- names and attributes

    @Override
    public Entry lookup(Request req, long parent, String name) {
        try (var l = read()) {
            MemoryNode dir = directory(parent);
            checkName(name);
            MemoryNode n = name.equals("..") ? dir.dir.parent : name.equals(".") ? dir : dir.dir.get(name);
            if (n == null) {
                throw new FuseException(Errno.ENOENT);
            }
            return entry(n);
        }
    }

    @Override
    public void forget(long nodeid, long nlookup) {
        try (var l = write()) {
            MemoryNode n = nodes.get(nodeid);
            if (n != null) {
                n.lookups.addAndGet(-nlookup);
                freeIfUnreferenced(n);
            }
        }
    }

    @Override
    public Attr getattr(Request req, long nodeid, long fh) {
        try (var l = read()) {
            return node(nodeid).attr();
        }
    }

    @Override
    public Attr setattr(Request req, long nodeid, SetAttr c) {
        try (var l = write()) {
            MemoryNode n = node(nodeid);
            Instant now = Instant.now();
            if (c.hasSize()) {
                if (n.zeroSize >= 0) {
                    throw new FuseException(Errno.EPERM, "the zero file is read-only");
                }
                if (n.isDir()) {
                    throw new FuseException(Errno.EISDIR);
                }
                if (n.data == null) {
                    throw new FuseException(Errno.EINVAL);
                }
                if (c.size() != n.data.size()) {
                    n.data.truncate(c.size());
                    n.modified(now);
                }
            }
            if (c.hasMode()) {
                n.mode = Mode.type(n.mode) | (c.mode() & Mode.PERMISSIONS);
            }
            if (c.hasUid()) {
                n.uid = c.uid();
            }
            if (c.hasGid()) {
                n.gid = c.gid();
            }
            if (c.killSuidGid()) {
                killSuidGid(n);
            }
            if (c.hasAtime()) {
                n.atime = c.atimeNow() ? now : c.atime();
            }
            if (c.hasMtime()) {
                n.mtime = c.mtimeNow() ? now : c.mtime();
            }
            n.ctime = c.hasCtime() ? c.ctime() : now;
            return n.attr();
        }
    }

    @Override
    public String readlink(Request req, long nodeid) {
        try (var l = read()) {
            MemoryNode n = node(nodeid);
            if (n.target == null) {
                throw new FuseException(Errno.EINVAL);
            }
            return n.target;
        }
    }

    @Override
    public Entry mknod(Request req, long parent, String name, int mode, int rdev, int umask) {
        int type = Mode.type(mode);
        if (type == Mode.S_IFDIR || type == Mode.S_IFLNK) {
            throw new FuseException(Errno.EINVAL);
        }
        try (var l = write()) {
            MemoryNode n = create(req, parent, name, type == 0 ? mode | Mode.S_IFREG : mode, 0);
            n.rdev = type == Mode.S_IFCHR || type == Mode.S_IFBLK ? rdev : 0;
            return entry(n);
        }
    }

    @Override
    public Entry mkdir(Request req, long parent, String name, int mode, int umask) {
        try (var l = write()) {
            return entry(create(req, parent, name, Mode.S_IFDIR | (mode & Mode.PERMISSIONS), 0));
        }
    }

    @Override
    public Entry symlink(Request req, String target, long parent, String name) {
        if (target.isEmpty()) {
            throw new FuseException(Errno.ENOENT);
        }
        if (FileNames.byteLength(target) >= PATH_MAX) {
            throw new FuseException(Errno.ENAMETOOLONG);
        }
        try (var l = write()) {
            MemoryNode n = create(req, parent, name, Mode.S_IFLNK | 0777, MemorySpace.string(target));
            n.target = target;
            return entry(n);
        }
    }

    @Override
    public void unlink(Request req, long parent, String name) {
        try (var l = write()) {
            MemoryNode dir = directory(parent);
            MemoryNode n = child(dir, name);
            if (n.isDir()) {
                throw new FuseException(Errno.EISDIR);
            }
            Instant now = Instant.now();
            removeEntry(dir, name);
            n.nlink--;
            n.changed(now);
            dir.modified(now);
            freeIfUnreferenced(n);
        }
    }

    @Override
    public void rmdir(Request req, long parent, String name) {
        try (var l = write()) {
            MemoryNode dir = directory(parent);
            MemoryNode n = child(dir, name);
            if (!n.isDir()) {
                throw new FuseException(Errno.ENOTDIR);
            }
            if (!n.dir.isEmpty()) {
                throw new FuseException(Errno.ENOTEMPTY);
            }
            Instant now = Instant.now();
            removeEntry(dir, name);
            n.nlink = 0;
            dir.nlink--;
            n.changed(now);
            dir.modified(now);
            freeIfUnreferenced(n);
        }
    }

    @Override
    public void rename(Request req, long parent, String name, long newParent, String newName, int flags) {
        if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) != 0
                || flags == (RENAME_NOREPLACE | RENAME_EXCHANGE)) {
            throw new FuseException(Errno.EINVAL);
        }
        try (var l = write()) {
            MemoryNode from = directory(parent);
            MemoryNode to = directory(newParent);
            checkName(newName);
            MemoryNode n = child(from, name);
            MemoryNode existing = to.dir.get(newName);
            Instant now = Instant.now();
            if ((flags & RENAME_EXCHANGE) != 0) {
                exchange(from, name, n, to, newName, existing, now);
                return;
            }
            if (existing == n) {
                return;
            }
            if (existing != null && (flags & RENAME_NOREPLACE) != 0) {
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
                space.reserveBytes(MemorySpace.entry(newName));
            } else {
                to.dir.remove(newName); // its charge passes on to n's entry of the same name
                if (existing.isDir()) {
                    existing.nlink = 0;
                    to.nlink--;
                } else {
                    existing.nlink--;
                }
                existing.changed(now);
                freeIfUnreferenced(existing);
            }
            removeEntry(from, name);
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

    @Override
    public Entry link(Request req, long nodeid, long newParent, String newName) {
        try (var l = write()) {
            MemoryNode n = node(nodeid);
            if (n.isDir()) {
                throw new FuseException(Errno.EPERM);
            }
            MemoryNode dir = directory(newParent);
            checkName(newName);
            if (dir.dir.get(newName) != null) {
                throw new FuseException(Errno.EEXIST);
            }
            space.reserveBytes(MemorySpace.entry(newName));
            Instant now = Instant.now();
            dir.dir.put(newName, n);
            n.nlink++;
            n.changed(now);
            dir.modified(now);
            return entry(n);
        }
    }

    @Override
    public StatFs statfs(Request req, long nodeid) {
        try (var l = read()) {
            long free = space.limitPages() - space.usedPages();
            return new StatFs(space.limitPages(), free, free, maxInodes, Math.max(0, maxInodes - nodes.size()),
                    MemorySpace.PAGE, NAME_MAX, MemorySpace.PAGE);
        }
    }

    @Override
    public void access(Request req, long nodeid, int mask) {
        try (var l = read()) {
            MemoryNode n = node(nodeid);
            if (mask == 0) {
                return;
            }
            int bits;
            if (req.uid() == 0) {
                bits = Mode.isDirectory(n.mode) || (n.mode & 0111) != 0 ? 7 : 6;
            } else if (req.uid() == n.uid) {
                bits = (n.mode >> 6) & 7;
            } else if (req.gid() == n.gid) {
                bits = (n.mode >> 3) & 7;
            } else {
                bits = n.mode & 7;
            }
            if ((mask & ~bits & 7) != 0) {
                throw new FuseException(Errno.EACCES);
            }
        }
    }

    // ---------------------------------------------------------------- extended attributes

    @Override
    public void setxattr(Request req, long nodeid, String name, MemorySegment value, int flags, int setxattrFlags) {
        checkXattrNamespace(name);
        try (var l = write()) {
            MemoryNode n = node(nodeid);
            byte[] old = n.xattrs.get(name);
            boolean exists = old != null;
            if ((flags & XATTR_CREATE) != 0 && exists) {
                throw new FuseException(Errno.EEXIST);
            }
            if ((flags & XATTR_REPLACE) != 0 && !exists) {
                throw new FuseException(Errno.ENODATA);
            }
            long grows = MemorySpace.xattr(name, value.byteSize()) - (exists ? MemorySpace.xattr(name, old.length) : 0);
            if (grows > 0) {
                space.reserveBytes(grows);
            } else {
                space.releaseBytes(-grows);
            }
            n.xattrs.put(name, value.toArray(ValueLayout.JAVA_BYTE));
            n.changed(Instant.now());
        }
    }

    @Override
    public byte[] getxattr(Request req, long nodeid, String name) {
        checkXattrNamespace(name);
        try (var l = read()) {
            byte[] v = node(nodeid).xattrs.get(name);
            if (v == null) {
                throw new FuseException(Errno.ENODATA);
            }
            return v;
        }
    }

    @Override
    public List<String> listxattr(Request req, long nodeid) {
        try (var l = read()) {
            List<String> names = new ArrayList<>();
            for (String name : node(nodeid).xattrs.keySet()) {
                if (req.uid() == 0 || !name.startsWith("trusted.")) {
                    names.add(name);
                }
            }
            return names;
        }
    }

    @Override
    public void removexattr(Request req, long nodeid, String name) {
        checkXattrNamespace(name);
        try (var l = write()) {
            MemoryNode n = node(nodeid);
            byte[] old = n.xattrs.remove(name);
            if (old == null) {
                throw new FuseException(Errno.ENODATA);
            }
            space.releaseBytes(MemorySpace.xattr(name, old.length));
            n.changed(Instant.now());
        }
    }

    private static void checkXattrNamespace(String name) {
        for (String prefix : XATTR_PREFIXES) {
            if (name.startsWith(prefix)) {
                if (name.length() == prefix.length()) {
                    throw new FuseException(Errno.EINVAL);
                }
                return;
            }
        }
        if (!name.equals("system.posix_acl_access") && !name.equals("system.posix_acl_default")) {
            throw new FuseException(Errno.EOPNOTSUPP);
        }
    }

    // ---------------------------------------------------------------- files

    @Override
    public OpenFile open(Request req, long nodeid, int flags) {
        try (var l = write()) {
            MemoryNode n = node(nodeid);
            if (n.isDir()) {
                throw new FuseException(Errno.EISDIR);
            }
            if (n.zeroSize >= 0 && (flags & O_ACCMODE) != 0) {
                throw new FuseException(Errno.EACCES, "the zero file is read-only");
            }
            if ((flags & O_TRUNC) != 0 && n.data != null) {
                n.data.truncate(0);
                n.modified(Instant.now());
                if (req.uid() != 0) {
                    killSuidGid(n, req);
                }
            }
            n.opens++;
            return OpenFile.of(nodeid);
        }
    }

    @Override
    public CreatedFile create(Request req, long parent, String name, int mode, int umask, int flags) {
        try (var l = write()) {
            MemoryNode existing = directory(parent).dir.get(name);
            MemoryNode n;
            if (existing != null && (flags & O_EXCL) == 0) {
                // another process created it since the kernel's lookup: open it, as open(O_CREAT) does
                if (existing.isDir()) {
                    throw new FuseException(Errno.EISDIR);
                }
                n = existing;
                if ((flags & O_TRUNC) != 0 && n.data != null && n.data.size() != 0) {
                    n.data.truncate(0);
                    n.modified(Instant.now());
                }
            } else {
                n = create(req, parent, name, Mode.S_IFREG | (mode & Mode.PERMISSIONS), 0);
            }
            n.opens++;
            return new CreatedFile(entry(n), OpenFile.of(n.ino));
        }
    }

    @Override
    public CreatedFile tmpfile(Request req, long parent, int mode, int umask, int flags) {
        try (var l = write()) {
            MemoryNode dir = directory(parent);
            MemoryNode n = newNode(req, dir, Mode.S_IFREG | (mode & Mode.PERMISSIONS), 0);
            n.nlink = 0;
            n.opens++;
            return new CreatedFile(entry(n), OpenFile.of(n.ino));
        }
    }

    @Override
    public MemorySegment readSegment(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        try (var l = read()) {
            MemoryNode n = node(nodeid);
            if (n.zeroSize >= 0) {
                long count = Math.max(0, Math.min(dest.byteSize(), n.zeroSize - offset));
                return count <= ZEROS.byteSize() ? ZEROS.asSlice(0, count) : dest.asSlice(0, count).fill((byte) 0);
            }
            regular(n);
            int count = n.data.read(offset, dest);
            n.accessed(Instant.now());
            return dest.asSlice(0, count);
        }
    }

    @Override
    public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        MemorySegment data = readSegment(req, nodeid, fh, offset, dest);
        if (data.address() != dest.address()) {
            MemorySegment.copy(data, 0, dest, 0, data.byteSize());
        }
        return (int) data.byteSize();
    }

    @Override
    public int write(Request req, long nodeid, long fh, long offset, MemorySegment data, int writeFlags) {
        try (var l = write()) {
            MemoryNode n = regular(nodeid);
            int count = n.data.write(offset, data);
            if ((writeFlags & WRITE_KILL_SUIDGID) != 0 || (req.uid() != 0 && (writeFlags & WRITE_CACHE) == 0)) {
                killSuidGid(n, req);
            }
            n.modified(Instant.now());
            return count;
        }
    }

    @Override
    public void flush(Request req, long nodeid, long fh, long lockOwner) {
        locks.releasePosix(nodeid, lockOwner);
    }

    @Override
    public void release(Request req, long nodeid, long fh, int flags) {
        try (var l = write()) {
            MemoryNode n = nodes.get(nodeid);
            if (n != null) {
                n.opens--;
                freeIfUnreferenced(n);
            }
        }
    }

    @Override
    public void fallocate(Request req, long nodeid, long fh, int mode, long offset, long length) {
        if ((mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE)) != 0
                || ((mode & FALLOC_FL_PUNCH_HOLE) != 0 && (mode & FALLOC_FL_ZERO_RANGE) != 0)) {
            throw new FuseException(Errno.EOPNOTSUPP);
        }
        if (offset < 0 || length <= 0) {
            throw new FuseException(Errno.EINVAL);
        }
        boolean keepSize = (mode & FALLOC_FL_KEEP_SIZE) != 0;
        try (var l = write()) {
            MemoryNode n = regular(nodeid);
            Instant now = Instant.now();
            if ((mode & FALLOC_FL_PUNCH_HOLE) != 0) {
                if (!keepSize) {
                    throw new FuseException(Errno.EOPNOTSUPP);
                }
                n.data.punchHole(offset, length);
                n.modified(now);
            } else if ((mode & FALLOC_FL_ZERO_RANGE) != 0) {
                n.data.zeroRange(offset, length, keepSize);
                n.modified(now);
            } else {
                long before = n.data.size();
                n.data.allocate(offset, length, keepSize);
                if (n.data.size() != before) {
                    n.modified(now);
                } else {
                    n.changed(now);
                }
            }
        }
    }

    @Override
    public long lseek(Request req, long nodeid, long fh, long offset, int whence) {
        try (var l = read()) {
            MemoryNode n = regular(nodeid);
            return switch (whence) {
                case SEEK_DATA -> n.data.seekData(offset);
                case SEEK_HOLE -> n.data.seekHole(offset);
                case SEEK_SET, SEEK_CUR -> offset;
                case SEEK_END -> n.data.size() + offset;
                default -> throw new FuseException(Errno.EINVAL);
            };
        }
    }

    @Override
    public long copyFileRange(Request req, long nodeidIn, long fhIn, long offsetIn, long nodeidOut, long fhOut,
                              long offsetOut, long length, int flags) {
        if (flags != 0) {
            throw new FuseException(Errno.EINVAL);
        }
        try (var l = write()) {
            MemoryNode in = regular(nodeidIn);
            MemoryNode out = regular(nodeidOut);
            if (in == out && offsetIn < offsetOut + length && offsetOut < offsetIn + length) {
                throw new FuseException(Errno.EINVAL);
            }
            long copied = in.data.copyTo(offsetIn, out.data, offsetOut, length);
            Instant now = Instant.now();
            if (copied > 0) {
                out.modified(now);
            }
            in.accessed(now);
            return copied;
        }
    }

    // ---------------------------------------------------------------- directories

    @Override
    public OpenFile opendir(Request req, long nodeid, int flags) {
        try (var l = read()) {
            directory(nodeid);
            return OpenFile.of(0);
        }
    }

    @Override
    public void readdir(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
        try (var l = read()) {
            MemoryNode dir = directory(nodeid);
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

    // ---------------------------------------------------------------- locks

    @Override
    public FileLock getlk(Request req, long nodeid, long fh, long owner, FileLock lock) {
        return locks.getlk(nodeid, owner, lock);
    }

    @Override
    public void setlk(Request req, long nodeid, long fh, long owner, FileLock lock, boolean sleep) {
        locks.setlk(req, nodeid, owner, lock, sleep);
    }

    @Override
    public void flock(Request req, long nodeid, long fh, long owner, int operation) {
        locks.flock(req, nodeid, owner, operation);
    }

    // ---------------------------------------------------------------- helpers (under the lock)

    /**
     * A new node named {@code name} in {@code parent}; its inode, its name and {@code extraBytes}
     * more (a symlink's target) are charged to the space first, so ENOSPC changes nothing.
     */
    private MemoryNode create(Request req, long parent, String name, int mode, long extraBytes) {
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
    private MemoryNode newNode(Request req, MemoryNode dir, int mode, long extraBytes) {
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

    private Entry entry(MemoryNode n) {
        n.lookups.incrementAndGet();
        return Entry.of(n.attr());
    }

    private void freeIfUnreferenced(MemoryNode n) {
        if (n.ino != ROOT && n.unreferenced()) {
            nodes.remove(n.ino);
            if (n.data != null) {
                n.data.free();
            }
            space.releaseBytes(n.heapBytes());
            locks.forget(n.ino);
        }
    }

    /** Removes the entry {@code name} of {@code dir} and gives its space back. */
    private void removeEntry(MemoryNode dir, String name) {
        dir.dir.remove(name);
        space.releaseBytes(MemorySpace.entry(name));
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
            if (p.ino == ROOT) {
                return;
            }
        }
    }

    private static void killSuidGid(MemoryNode n) {
        n.mode &= ~Mode.S_ISUID;
        if ((n.mode & 0010) != 0) {
            n.mode &= ~Mode.S_ISGID;
        }
    }

    /**
     * What Linux does when an unprivileged process writes or truncates: set-user-id goes, and
     * set-group-id goes when group-execute is set or the writer is not in the file's group (only
     * the primary group is known here).
     */
    private static void killSuidGid(MemoryNode n, Request req) {
        killSuidGid(n);
        if (req.gid() != n.gid) {
            n.mode &= ~Mode.S_ISGID;
        }
    }

    private MemoryNode node(long nodeid) {
        MemoryNode n = nodes.get(nodeid);
        if (n == null) {
            throw new FuseException(Errno.ENOENT);
        }
        return n;
    }

    private MemoryNode directory(long nodeid) {
        MemoryNode n = node(nodeid);
        if (!n.isDir()) {
            throw new FuseException(Errno.ENOTDIR);
        }
        return n;
    }

    private MemoryNode regular(long nodeid) {
        return regular(node(nodeid));
    }

    private static MemoryNode regular(MemoryNode n) {
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

    private static MemoryNode child(MemoryNode dir, String name) {
        MemoryNode n = dir.dir.get(name);
        if (n == null) {
            throw new FuseException(Errno.ENOENT);
        }
        return n;
    }

    private static void checkName(String name) {
        if (FileNames.byteLength(name) > NAME_MAX) {
            throw new FuseException(Errno.ENAMETOOLONG);
        }
    }

    /** A held lock, released by try-with-resources. */
    private interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private Held read() {
        Lock lock = rw.readLock();
        lock.lock();
        return lock::unlock;
    }

    private Held write() {
        Lock lock = rw.writeLock();
        lock.lock();
        return lock::unlock;
    }
}
