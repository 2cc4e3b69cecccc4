package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Attr;
import dev.panamafuse.CreatedFile;
import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import dev.panamafuse.FileLock;
import dev.panamafuse.FileSystem;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.SetAttr;
import dev.panamafuse.StatFs;
import dev.panamafuse.Statx;
import dev.panamafuse.examples.passthrough.OpenFiles.Handle;
import dev.panamafuse.ffm.posix.AtCalls;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.OpenFlags;
import dev.panamafuse.ffm.posix.ProcessIds;
import dev.panamafuse.ffm.posix.StatxResult;
import dev.panamafuse.mount.Capability;
import dev.panamafuse.mount.ConnectionInfo;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Mirrors a source directory through the mount, with system calls relative to directory
 * descriptors. Each node the kernel knows holds an {@code O_PATH | O_NOFOLLOW} descriptor of its
 * source file ({@link InodeTable}, keyed by {@code st_dev}/{@code st_ino}, so hard links share a
 * node); every operation works on those descriptors and single names ({@link NameCheck},
 * {@link Resolver}), never on paths, and never follows a symbolic link; and before an operation
 * reads or changes a node, it checks that the node is still inside the source
 * ({@link Containment}: a directory moved out on the host side is not served). So nothing
 * outside the source is reachable through the mount. Each open is an open of the source file, kept in the
 * {@link OpenFiles} table; reads and writes go between that descriptor and the session's
 * buffers without a copy, or, with kernel passthrough ({@link KernelPassthrough}: root, Linux 6.9 or
 * later), from the kernel straight to the source file without reaching this process.
 *
 * <p>Mount it with {@code default_permissions}: the daemon (usually root) acts with its own
 * rights, so the kernel must check the caller's. New entries are given to the caller
 * ({@link Ownership}). Errors are the source filesystem's own errno.
 */
public final class PassthroughFs implements FileSystem {
    private final Path source;
    private final SourceNodes nodes;
    private final OpenFiles files;
    private final InodeTable inodes;
    private final ForwardedLocks locks = new ForwardedLocks();
    private final KernelPassthrough backing;
    private final AttributeChanges attributes;
    private final EntryOperations entries;
    private final OpenOperations opens;
    private final OpenFileIo io;
    private final XattrForwarding xattrs;

    /**
     * Opens the source directory (following symbolic links in {@code source} itself).
     *
     * @param source the directory to mirror
     * @throws IOException when it is missing or not a directory
     */
    public PassthroughFs(Path source) throws IOException {
        this(source, true);
    }

    /**
     * Opens the source directory (following symbolic links in {@code source} itself).
     *
     * @param source            the directory to mirror
     * @param kernelPassthrough whether regular files are opened with kernel passthrough when the
     *                          kernel offers it and the daemon may register backing files (root):
     *                          reads and writes then go from the kernel straight to the source
     *                          files; false serves every read and write through this process
     * @throws IOException when it is missing or not a directory
     */
    public PassthroughFs(Path source, boolean kernelPassthrough) throws IOException {
        this.source = source;
        this.backing = new KernelPassthrough(kernelPassthrough);
        this.files = new OpenFiles();
        int fd = AtCalls.openat(AtCalls.AT_FDCWD, source.toString(),
                OpenFlags.O_PATH | OpenFlags.O_DIRECTORY | OpenFlags.O_CLOEXEC, 0);
        try {
            StatxResult root = SourceAttributes.statx(fd, 0, StatxResult.STATX_BASIC_STATS);
            this.inodes = new InodeTable(fd, root.dev(), root.ino(), Mode.type(root.mode()));
            this.nodes = new SourceNodes(inodes, files, new Containment(inodes.get(ROOT)), backing,
                    ProcessIds.geteuid());
        } catch (RuntimeException e) {
            SourceCalls.closeQuietly(fd);
            throw new IOException("cannot stat " + source + ": " + e.getMessage(), e);
        }
        this.attributes = new AttributeChanges(nodes);
        this.entries = new EntryOperations(nodes);
        this.opens = new OpenOperations(nodes);
        this.io = new OpenFileIo(nodes, locks);
        this.xattrs = new XattrForwarding(nodes);
    }

    /**
     * The directory this filesystem mirrors.
     *
     * @return the source directory
     */
    public Path source() {
        return source;
    }

    /**
     * How many nodes (and so {@code O_PATH} descriptors) the inode table holds, the root included.
     *
     * @return the node count
     */
    public int nodeCount() {
        return inodes.size();
    }

    /**
     * How many opens of files and directories are held.
     *
     * @return the open count
     */
    public int openCount() {
        return files.size();
    }

    /**
     * Asks for {@code atomic_o_trunc}, so that {@code O_TRUNC} reaches the source's {@code open}
     * (which updates the times even of an empty file, as a local open does), and for kernel
     * passthrough unless it was turned off.
     *
     * @return the capabilities asked for
     */
    @Override
    public Set<Capability> capabilities() {
        return backing.wanted() ? Set.of(Capability.ATOMIC_O_TRUNC, Capability.PASSTHROUGH)
                : Set.of(Capability.ATOMIC_O_TRUNC);
    }

    /** Keeps the connection's backing files for kernel passthrough. */
    @Override
    public void init(ConnectionInfo connection) {
        backing.connect(connection.backingFiles());
    }

    /**
     * How many kernel passthrough backing ids are registered: one per regular file open through it.
     *
     * @return the backing id count
     */
    public int backingIds() {
        return backing.registered();
    }

    /**
     * Whether opens of regular files are answered with kernel passthrough now: asked for, agreed
     * in INIT, and registering backing files has not failed.
     *
     * @return whether kernel passthrough is on
     */
    public boolean kernelPassthrough() {
        return backing.active();
    }

    @Override
    public void destroy() {
        files.closeAll();
        locks.closeAll();
        inodes.closeAll();
    }

    // ---------------------------------------------------------------- nodes and attributes

    @Override
    public Entry lookup(Request req, long parent, String name) {
        return nodes.register(Resolver.child(nodes.directory(parent).fd, name));
    }

    @Override
    public void forget(long nodeid, long nlookup) {
        inodes.forget(nodeid, nlookup);
    }

    @Override
    public Attr getattr(Request req, long nodeid, long fh) {
        Handle h = nodes.openFile(fh);
        return SourceAttributes.of(h != null ? h.fd() : nodes.attributesOf(nodeid).fd);
    }

    @Override
    public Statx statx(Request req, long nodeid, long fh, int flags, int mask) {
        Handle h = nodes.openFile(fh);
        return SourceAttributes.statxOf(h != null ? h.fd() : nodes.attributesOf(nodeid).fd, flags, mask);
    }

    @Override
    public Attr setattr(Request req, long nodeid, SetAttr c) {
        return attributes.setattr(req, nodeid, c);
    }

    @Override
    public String readlink(Request req, long nodeid) {
        return attributes.readlink(req, nodeid);
    }

    @Override
    public void access(Request req, long nodeid, int mask) {
        attributes.access(req, nodeid, mask);
    }

    // ---------------------------------------------------------------- creating and removing names

    @Override
    public Entry mknod(Request req, long parent, String name, int mode, int rdev, int umask) {
        return entries.mknod(req, parent, name, mode, rdev, umask);
    }

    @Override
    public Entry mkdir(Request req, long parent, String name, int mode, int umask) {
        return entries.mkdir(req, parent, name, mode, umask);
    }

    @Override
    public Entry symlink(Request req, String target, long parent, String name) {
        return entries.symlink(req, target, parent, name);
    }

    @Override
    public void unlink(Request req, long parent, String name) {
        entries.unlink(req, parent, name);
    }

    @Override
    public void rmdir(Request req, long parent, String name) {
        entries.rmdir(req, parent, name);
    }

    @Override
    public void rename(Request req, long parent, String name, long newParent, String newName, int flags) {
        entries.rename(req, parent, name, newParent, newName, flags);
    }

    @Override
    public Entry link(Request req, long nodeid, long newParent, String newName) {
        return entries.link(req, nodeid, newParent, newName);
    }

    // ---------------------------------------------------------------- opening

    @Override
    public OpenFile open(Request req, long nodeid, int flags) {
        return opens.open(req, nodeid, flags);
    }

    @Override
    public CreatedFile create(Request req, long parent, String name, int mode, int umask, int flags) {
        return opens.create(req, parent, name, mode, umask, flags);
    }

    @Override
    public CreatedFile tmpfile(Request req, long parent, int mode, int umask, int flags) {
        return opens.tmpfile(req, parent, mode, umask, flags);
    }

    @Override
    public OpenFile opendir(Request req, long nodeid, int flags) {
        return opens.opendir(req, nodeid, flags);
    }

    @Override
    public void readdir(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
        opens.readdir(req, nodeid, fh, offset, filler);
    }

    // ---------------------------------------------------------------- I/O on open files

    @Override
    public MemorySegment readSegment(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        return io.readSegment(req, nodeid, fh, offset, dest);
    }

    @Override
    public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        return io.read(req, nodeid, fh, offset, dest);
    }

    @Override
    public int write(Request req, long nodeid, long fh, long offset, MemorySegment data, int writeFlags) {
        return io.write(req, nodeid, fh, offset, data, writeFlags);
    }

    @Override
    public void flush(Request req, long nodeid, long fh, long lockOwner) {
        io.flush(req, nodeid, fh, lockOwner);
    }

    @Override
    public void release(Request req, long nodeid, long fh, int flags) {
        io.release(req, nodeid, fh, flags);
    }

    @Override
    public void fsync(Request req, long nodeid, long fh, boolean datasync) {
        io.fsync(req, nodeid, fh, datasync);
    }

    @Override
    public void fallocate(Request req, long nodeid, long fh, int mode, long offset, long length) {
        io.fallocate(req, nodeid, fh, mode, offset, length);
    }

    @Override
    public long lseek(Request req, long nodeid, long fh, long offset, int whence) {
        return io.lseek(req, nodeid, fh, offset, whence);
    }

    @Override
    public long copyFileRange(Request req, long nodeidIn, long fhIn, long offsetIn, long nodeidOut, long fhOut,
                              long offsetOut, long length, int flags) {
        return io.copyFileRange(req, nodeidIn, fhIn, offsetIn, nodeidOut, fhOut, offsetOut, length, flags);
    }

    // ---------------------------------------------------------------- directories and the filesystem

    @Override
    public void readdirplus(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
        readdir(req, nodeid, fh, offset, filler);
    }

    @Override
    public void releasedir(Request req, long nodeid, long fh) {
        files.close(fh);
    }

    @Override
    public void fsyncdir(Request req, long nodeid, long fh, boolean datasync) {
        fsync(req, nodeid, fh, datasync);
    }

    /** {@code syncfs(2)} of the source's filesystem ({@code sync -f} on the mount). */
    @Override
    public void syncfs(Request req, long nodeid) {
        int fd = SourceCalls.reopen(inodes.get(ROOT).fd, OpenFlags.O_DIRECTORY);
        try {
            SourceCalls.run(() -> DescriptorCalls.syncfs(fd));
        } finally {
            SourceCalls.closeQuietly(fd);
        }
    }

    @Override
    public StatFs statfs(Request req, long nodeid) {
        return SourceAttributes.statfs(nodes.node(nodeid).fd);
    }

    // ---------------------------------------------------------------- extended attributes

    @Override
    public void setxattr(Request req, long nodeid, String name, MemorySegment value, int flags, int setxattrFlags) {
        xattrs.setxattr(nodeid, name, value, flags);
    }

    @Override
    public byte[] getxattr(Request req, long nodeid, String name) {
        return xattrs.getxattr(nodeid, name);
    }

    @Override
    public List<String> listxattr(Request req, long nodeid) {
        return xattrs.listxattr(req, nodeid);
    }

    @Override
    public void removexattr(Request req, long nodeid, String name) {
        xattrs.removexattr(nodeid, name);
    }

    // ---------------------------------------------------------------- locks

    @Override
    public FileLock getlk(Request req, long nodeid, long fh, long owner, FileLock lock) {
        return locks.getlk(req, inodes.get(nodeid), owner, lock);
    }

    @Override
    public void setlk(Request req, long nodeid, long fh, long owner, FileLock lock, boolean sleep) {
        locks.setlk(req, inodes.get(nodeid), owner, lock, sleep);
    }

    @Override
    public void flock(Request req, long nodeid, long fh, long owner, int operation) {
        ForwardedLocks.flock(req, files.get(fh).fd(), operation);
    }
}
