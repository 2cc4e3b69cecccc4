package dev.panamafuse.examples.memory;

import dev.panamafuse.Attr;
import dev.panamafuse.CreatedFile;
import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import dev.panamafuse.FileLock;
import dev.panamafuse.FileSystem;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.SetAttr;
import dev.panamafuse.StatFs;
import dev.panamafuse.mount.Capability;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Set;

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
 *
 * <p>Each operation is handed to its family: {@link MemoryEntries} (names and directory
 * listings), {@link MemoryAttributes}, {@link MemoryXattrs}, {@link MemoryFiles} (open files and
 * their data) and {@link MemoryLocks}, all sharing one {@link MemoryTree}.
 */
public final class MemoryFs implements FileSystem {
    /** The default size limit: 1 GiB. */
    public static final long DEFAULT_SIZE_LIMIT = 1L << 30;

    /** The heap a JVM serving a MemoryFs needs besides what the filesystem stores: 32 MiB. */
    private static final long HEAP_BASE = 32L << 20;

    private final MemoryTree tree;
    private final MemoryEntries entries;
    private final MemoryAttributes attributes;
    private final MemoryXattrs xattrs;
    private final MemoryFiles files;

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
        this.tree = new MemoryTree(sizeLimit, rootUid, rootGid, rootMode);
        this.entries = new MemoryEntries(tree);
        this.attributes = new MemoryAttributes(tree);
        this.xattrs = new MemoryXattrs(tree);
        this.files = new MemoryFiles(tree);
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
        tree.addZeroFile(name, size);
    }

    // Every operation below is its family's, in the order FileSystem declares them.

    @Override
    public Entry lookup(Request req, long parent, String name) {
        return entries.lookup(req, parent, name);
    }

    @Override
    public void forget(long nodeid, long nlookup) {
        entries.forget(nodeid, nlookup);
    }

    @Override
    public Attr getattr(Request req, long nodeid, long fh) {
        return attributes.getattr(req, nodeid, fh);
    }

    @Override
    public Attr setattr(Request req, long nodeid, SetAttr c) {
        return attributes.setattr(req, nodeid, c);
    }

    @Override
    public String readlink(Request req, long nodeid) {
        return entries.readlink(req, nodeid);
    }

    @Override
    public Entry mknod(Request req, long parent, String name, int mode, int rdev, int umask) {
        return entries.mknod(req, parent, name, mode, rdev);
    }

    @Override
    public Entry mkdir(Request req, long parent, String name, int mode, int umask) {
        return entries.mkdir(req, parent, name, mode);
    }

    @Override
    public void unlink(Request req, long parent, String name) {
        entries.unlink(parent, name);
    }

    @Override
    public void rmdir(Request req, long parent, String name) {
        entries.rmdir(parent, name);
    }

    @Override
    public Entry symlink(Request req, String target, long parent, String name) {
        return entries.symlink(req, target, parent, name);
    }

    @Override
    public void rename(Request req, long parent, String name, long newParent, String newName, int flags) {
        entries.rename(parent, name, newParent, newName, flags);
    }

    @Override
    public Entry link(Request req, long nodeid, long newParent, String newName) {
        return entries.link(nodeid, newParent, newName);
    }

    @Override
    public OpenFile open(Request req, long nodeid, int flags) {
        return files.open(req, nodeid, flags);
    }

    @Override
    public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        return files.read(req, nodeid, fh, offset, dest);
    }

    @Override
    public MemorySegment readSegment(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        return files.readSegment(req, nodeid, fh, offset, dest);
    }

    @Override
    public int write(Request req, long nodeid, long fh, long offset, MemorySegment data, int writeFlags) {
        return files.write(req, nodeid, fh, offset, data, writeFlags);
    }

    @Override
    public void flush(Request req, long nodeid, long fh, long lockOwner) {
        files.flush(req, nodeid, fh, lockOwner);
    }

    @Override
    public void release(Request req, long nodeid, long fh, int flags) {
        files.release(req, nodeid, fh, flags);
    }

    @Override
    public OpenFile opendir(Request req, long nodeid, int flags) {
        return entries.opendir(req, nodeid, flags);
    }

    @Override
    public void readdir(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
        entries.readdir(req, nodeid, fh, offset, filler);
    }

    @Override
    public StatFs statfs(Request req, long nodeid) {
        return attributes.statfs(req, nodeid);
    }

    @Override
    public void setxattr(Request req, long nodeid, String name, MemorySegment value, int flags, int setxattrFlags) {
        xattrs.setxattr(req, nodeid, name, value, flags, setxattrFlags);
    }

    @Override
    public byte[] getxattr(Request req, long nodeid, String name) {
        return xattrs.getxattr(req, nodeid, name);
    }

    @Override
    public List<String> listxattr(Request req, long nodeid) {
        return xattrs.listxattr(req, nodeid);
    }

    @Override
    public void removexattr(Request req, long nodeid, String name) {
        xattrs.removexattr(req, nodeid, name);
    }

    @Override
    public void access(Request req, long nodeid, int mask) {
        attributes.access(req, nodeid, mask);
    }

    @Override
    public CreatedFile create(Request req, long parent, String name, int mode, int umask, int flags) {
        return files.create(req, parent, name, mode, umask, flags);
    }

    @Override
    public FileLock getlk(Request req, long nodeid, long fh, long owner, FileLock lock) {
        return tree.locks.getlk(nodeid, owner, lock);
    }

    @Override
    public void setlk(Request req, long nodeid, long fh, long owner, FileLock lock, boolean sleep) {
        tree.locks.setlk(req, nodeid, owner, lock, sleep);
    }

    @Override
    public void flock(Request req, long nodeid, long fh, long owner, int operation) {
        tree.locks.flock(req, nodeid, owner, operation);
    }

    @Override
    public void fallocate(Request req, long nodeid, long fh, int mode, long offset, long length) {
        files.fallocate(req, nodeid, fh, mode, offset, length);
    }

    @Override
    public long lseek(Request req, long nodeid, long fh, long offset, int whence) {
        return files.lseek(req, nodeid, fh, offset, whence);
    }

    @Override
    public long copyFileRange(Request req, long nodeidIn, long fhIn, long offsetIn, long nodeidOut, long fhOut,
                              long offsetOut, long length, int flags) {
        return files.copyFileRange(req, nodeidIn, fhIn, offsetIn, nodeidOut, fhOut, offsetOut, length, flags);
    }

    @Override
    public CreatedFile tmpfile(Request req, long parent, int mode, int umask, int flags) {
        return files.tmpfile(req, parent, mode, umask, flags);
    }
}
