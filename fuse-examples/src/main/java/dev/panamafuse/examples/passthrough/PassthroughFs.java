package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Attr;
import dev.panamafuse.CreatedFile;
import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileLock;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.SetAttr;
import dev.panamafuse.StatFs;
import dev.panamafuse.Statx;
import dev.panamafuse.examples.passthrough.OpenFiles.Handle;
import dev.panamafuse.ffm.internal.Libc;
import dev.panamafuse.ffm.internal.LibcAt;
import dev.panamafuse.ffm.internal.LibcException;
import dev.panamafuse.ffm.internal.LibcFiles;
import dev.panamafuse.ffm.internal.LibcXattr;
import dev.panamafuse.ffm.internal.StatxStruct;
import dev.panamafuse.mount.Capability;
import dev.panamafuse.mount.ConnectionInfo;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Mirrors a source directory through the mount, with system calls relative to directory
 * descriptors. Each node the kernel knows holds an {@code O_PATH | O_NOFOLLOW} descriptor of its
 * source file ({@link InodeTable}, keyed by {@code st_dev}/{@code st_ino}, so hard links share a
 * node); every operation works on those descriptors and single names ({@link Names},
 * {@link Resolver}), never on paths, and never follows a symbolic link; and before an operation
 * reads or changes a node, it checks that the node is still inside the source
 * ({@link Containment}: a directory moved out on the host side is not served). So nothing
 * outside the source is reachable through the mount. Each open is an open of the source file, kept in the
 * {@link OpenFiles} table; reads and writes go between that descriptor and the session's
 * buffers without a copy, or, with kernel passthrough ({@link Backing}: root, Linux 6.9 or
 * later), from the kernel straight to the source file without reaching this process.
 *
 * <p>Mount it with {@code default_permissions}: the daemon (usually root) acts with its own
 * rights, so the kernel must check the caller's. New entries are given to the caller
 * ({@link Ownership}). Errors are the source filesystem's own errno.
 */
public final class PassthroughFs implements FileSystem {
    private static final int O_ACCMODE = 3;
    private static final int O_NONBLOCK = 04000;
    private static final int O_DSYNC = 010000;
    private static final int O_SYNC = 04010000;
    private static final int O_NOATIME = 01000000;
    /** The open flags passed on to the source; the rest is the kernel's business or unsafe. */
    private static final int PASSED_FLAGS = O_ACCMODE | LibcAt.O_APPEND | LibcAt.O_TRUNC | O_NONBLOCK | O_DSYNC
            | O_SYNC | O_NOATIME;
    private static final int WRITE_CACHE = 1;
    private static final int WRITE_KILL_SUIDGID = 4;

    private final Path source;
    private final InodeTable inodes;
    private final OpenFiles files = new OpenFiles();
    private final Locks locks = new Locks();
    private final int daemonUid = Libc.geteuid();
    private final Backing backing;
    private final Containment containment;

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
        this.backing = new Backing(kernelPassthrough);
        int fd = LibcAt.openat(LibcAt.AT_FDCWD, source.toString(),
                LibcAt.O_PATH | LibcAt.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        try {
            Attr a = Attrs.of(fd);
            long dev = devOf(fd);
            this.inodes = new InodeTable(fd, dev, a.ino(), Mode.type(a.mode()));
            this.containment = new Containment(fd, dev, a.ino());
        } catch (RuntimeException e) {
            Sys.closeQuietly(fd);
            throw new IOException("cannot stat " + source + ": " + e.getMessage(), e);
        }
    }

    private static long devOf(int fd) {
        try (var arena = Arena.ofConfined()) {
            return StatxStruct.dev(Attrs.statx(arena, fd, 0, LibcAt.STATX_BASIC_STATS));
        }
    }

    /** The directory this filesystem mirrors. */
    public Path source() {
        return source;
    }

    /** How many nodes (and so {@code O_PATH} descriptors) the inode table holds, the root included. */
    public int nodeCount() {
        return inodes.size();
    }

    /** How many opens of files and directories are held. */
    public int openCount() {
        return files.size();
    }

    /**
     * Asks for {@code atomic_o_trunc}, so that {@code O_TRUNC} reaches the source's {@code open}
     * (which updates the times even of an empty file, as a local open does), and for kernel
     * passthrough unless it was turned off.
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

    /** How many kernel passthrough backing ids are registered: one per regular file open through it. */
    public int backingIds() {
        return backing.registered();
    }

    /**
     * Whether opens of regular files are answered with kernel passthrough now: asked for, agreed
     * in INIT, and registering backing files has not failed.
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

    // ---------------------------------------------------------------- nodes

    @Override
    public Entry lookup(Request req, long parent, String name) {
        return register(Resolver.child(directory(parent).fd, name));
    }

    @Override
    public void forget(long nodeid, long nlookup) {
        inodes.forget(nodeid, nlookup);
    }

    @Override
    public Attr getattr(Request req, long nodeid, long fh) {
        Handle h = openFile(fh);
        return Attrs.of(h != null ? h.fd() : attributesOf(nodeid).fd);
    }

    @Override
    public Statx statx(Request req, long nodeid, long fh, int flags, int mask) {
        Handle h = openFile(fh);
        return Attrs.statxOf(h != null ? h.fd() : attributesOf(nodeid).fd, flags, mask);
    }

    @Override
    public Attr setattr(Request req, long nodeid, SetAttr c) {
        // a truncate through an open file (ftruncate) is the open file's, like a write
        Inode n = c.hasFh() && openFile(c.fh()) != null ? inodes.get(nodeid) : node(nodeid);
        if (c.hasUid() || c.hasGid() || !changesMore(c)) {
            // chown(f, -1, -1) arrives as a SETATTR changing nothing; the source's own chown then
            // updates only the ctime, as a local chown does
            int uid = c.hasUid() ? c.uid() : -1;
            int gid = c.hasGid() ? c.gid() : -1;
            Sys.run(() -> LibcAt.fchownat(n.fd, "", uid, gid, Attrs.SELF));
        }
        if (c.hasMode()) {
            chmod(n, c.mode() & Mode.PERMISSIONS);
        }
        if (c.hasSize()) {
            truncate(n, c.hasFh() ? files.find(c.fh()) : null, c.size());
        }
        if (c.hasAtime() || c.hasMtime()) {
            Sys.run(() -> LibcAt.utimensat(n.fd, "", seconds(c.hasAtime(), c.atimeNow(), c.atime()),
                    nanos(c.hasAtime(), c.atimeNow(), c.atime()), seconds(c.hasMtime(), c.mtimeNow(), c.mtime()),
                    nanos(c.hasMtime(), c.mtimeNow(), c.mtime()), Attrs.SELF));
        }
        if (c.killSuidGid()) {
            Attr a = Attrs.of(n.fd);
            killPrivileges(n, a, a.gid());
        }
        return Attrs.of(n.fd);
    }

    /** Whether the SETATTR changes anything but the owner (the kernel sends ctime only with writeback caching). */
    private static boolean changesMore(SetAttr c) {
        return c.hasMode() || c.hasSize() || c.hasAtime() || c.hasMtime() || c.killSuidGid();
    }

    private static long seconds(boolean set, boolean now, Instant t) {
        return set && !now ? t.getEpochSecond() : 0;
    }

    private static long nanos(boolean set, boolean now, Instant t) {
        return !set ? LibcAt.UTIME_OMIT : now ? LibcAt.UTIME_NOW : t.getNano();
    }

    private static void chmod(Inode n, int bits) {
        if (n.isSymlink()) {
            throw new FuseException(Errno.EOPNOTSUPP);
        }
        Sys.run(() -> LibcAt.fchmodat(LibcAt.AT_FDCWD, Sys.procPath(n.fd), bits, 0));
    }

    private static void truncate(Inode n, Handle open, long size) {
        if (open != null && (open.flags() & O_ACCMODE) != Libc.O_RDONLY) {
            Sys.run(() -> LibcFiles.ftruncate(open.fd(), size));
            return;
        }
        if (n.isSymlink()) {
            throw new FuseException(Errno.EINVAL);
        }
        int fd = Sys.reopen(n.fd, Libc.O_WRONLY);
        try {
            Sys.run(() -> LibcFiles.ftruncate(fd, size));
        } finally {
            Sys.closeQuietly(fd);
        }
    }

    /** Clears set-user-id (and set-group-id where Linux would) after an unprivileged change. */
    private static void killPrivileges(Inode n, Attr a, int writerGid) {
        int mode = a.mode() & Mode.PERMISSIONS;
        int after = Ownership.afterUnprivilegedWrite(mode, a.gid(), writerGid);
        if (after != mode) {
            chmod(n, after);
        }
    }

    @Override
    public String readlink(Request req, long nodeid) {
        Inode n = node(nodeid);
        return Sys.call(() -> LibcAt.readlinkat(n.fd, ""));
    }

    // ---------------------------------------------------------------- creating and removing names

    /**
     * Makes a node. A regular file is created with {@code O_CREAT | O_EXCL}, so the descriptor
     * given away is the file made; other types are made by name and adopted. Entries are made
     * with permission bits only: set-id and sticky bits are set after the chown.
     */
    @Override
    public Entry mknod(Request req, long parent, String name, int mode, int rdev, int umask) {
        int type = Mode.type(mode) == 0 ? Mode.S_IFREG : Mode.type(mode);
        Inode dir = directory(parent);
        Names.check(name);
        if (type == Mode.S_IFREG) {
            int fd = Sys.call(() -> LibcAt.openat(dir.fd, name,
                    LibcAt.O_CREAT | LibcAt.O_EXCL | LibcAt.O_NOFOLLOW | Libc.O_CLOEXEC, mode & 0777));
            long ino = -1;
            try {
                Attr a = Attrs.of(fd);
                ino = a.ino();
                Ownership.apply(fd, a, req, Attrs.of(dir.fd), mode, umask);
                return register(Sys.reopen(fd, LibcAt.O_PATH));
            } catch (RuntimeException e) {
                undo(dir, name, true, ino);
                throw e;
            } finally {
                Sys.closeQuietly(fd);
            }
        }
        long since = bornSince();
        Sys.run(() -> LibcAt.mknodat(dir.fd, name, type | (mode & 0777), rdev));
        return adopt(req, dir, name, type, mode, umask, since);
    }

    @Override
    public Entry mkdir(Request req, long parent, String name, int mode, int umask) {
        Inode dir = directory(parent);
        long since = bornSince();
        Sys.run(() -> LibcAt.mkdirat(dir.fd, Names.check(name), mode & 0777));
        return adopt(req, dir, name, Mode.S_IFDIR, mode, umask, since);
    }

    @Override
    public Entry symlink(Request req, String target, long parent, String name) {
        Inode dir = directory(parent);
        long since = bornSince();
        Sys.run(() -> LibcAt.symlinkat(target, dir.fd, Names.check(name)));
        return adopt(req, dir, name, Mode.S_IFLNK, 0777, 0, since);
    }

    /** The birth time an entry made now has at least (a second of slack for coarse clocks). */
    private static long bornSince() {
        return System.currentTimeMillis() / 1000 - 1;
    }

    /**
     * Opens a just-made entry by name, gives it to the requester and registers it. Another user
     * of the source may have put something else under the name in between: only an entry that
     * looks freshly made by this daemon (type, owner, links, and birth time where the source
     * records it) is given away.
     */
    private Entry adopt(Request req, Inode dir, String name, int type, int mode, int umask, long since) {
        int fd = Resolver.child(dir.fd, name);
        try {
            Attr created = Attrs.of(fd);
            if (Ownership.isFresh(created, type, daemonUid) && Creating.bornSince(fd, since)) {
                Ownership.apply(fd, created, req, Attrs.of(dir.fd), mode, umask);
            }
        } catch (RuntimeException e) {
            Sys.closeQuietly(fd);
            throw e;
        }
        return register(fd);
    }

    /** Registers an {@code O_PATH} descriptor as a lookup of its file (closing it on failure). */
    private Entry register(int fd) {
        Attr a;
        long dev;
        try (var arena = Arena.ofConfined()) {
            MemorySegment s = Attrs.statx(arena, fd, 0, LibcAt.STATX_BASIC_STATS);
            a = Attrs.attr(s);
            dev = StatxStruct.dev(s);
        } catch (RuntimeException e) {
            Sys.closeQuietly(fd);
            throw e;
        }
        Inode n = inodes.add(fd, dev, a.ino(), Mode.type(a.mode()));
        return new Entry(n.nodeid, 0, a, null, null);
    }

    @Override
    public void unlink(Request req, long parent, String name) {
        Inode dir = directory(parent);
        Sys.run(() -> LibcAt.unlinkat(dir.fd, Names.check(name), 0));
    }

    @Override
    public void rmdir(Request req, long parent, String name) {
        Inode dir = directory(parent);
        Sys.run(() -> LibcAt.unlinkat(dir.fd, Names.check(name), LibcAt.AT_REMOVEDIR));
    }

    @Override
    public void rename(Request req, long parent, String name, long newParent, String newName, int flags) {
        Inode from = directory(parent);
        Inode to = directory(newParent);
        Sys.run(() -> LibcAt.renameat2(from.fd, Names.check(name), to.fd, Names.check(newName), flags));
    }

    @Override
    public Entry link(Request req, long nodeid, long newParent, String newName) {
        Inode n = node(nodeid);
        Inode dir = directory(newParent);
        Names.check(newName);
        try {
            LibcAt.linkat(n.fd, "", dir.fd, newName, LibcAt.AT_EMPTY_PATH);
        } catch (LibcException e) {
            if (e.errno() != Errno.ENOENT.code() && e.errno() != Errno.EPERM.code()) {
                throw Sys.fail(e);
            }
            // AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; the magic link does not
            Sys.run(() -> LibcAt.linkat(LibcAt.AT_FDCWD, Sys.procPath(n.fd), dir.fd, newName,
                    LibcAt.AT_SYMLINK_FOLLOW));
        }
        Attr a = Attrs.of(n.fd);
        inodes.ref(n);
        return new Entry(n.nodeid, 0, a, null, null);
    }

    // ---------------------------------------------------------------- opening

    @Override
    public OpenFile open(Request req, long nodeid, int flags) {
        Inode n = node(nodeid);
        if (n.isSymlink()) {
            throw new FuseException(Errno.ELOOP);
        }
        int fd = Sys.reopen(n.fd, flags & PASSED_FLAGS);
        try {
            if ((flags & LibcAt.O_TRUNC) != 0 && req.uid() != 0 && !n.isDirectory()) {
                killPrivileges(n, Attrs.of(fd), req.gid());
            }
        } catch (RuntimeException e) {
            Sys.closeQuietly(fd);
            throw e;
        }
        return openReply(req, n, fd, flags, null);
    }

    @Override
    public CreatedFile create(Request req, long parent, String name, int mode, int umask, int flags) {
        Inode dir = directory(parent);
        Names.check(name);
        int oflags = (flags & PASSED_FLAGS) | LibcAt.O_NOFOLLOW | Libc.O_CLOEXEC;
        int fd;
        boolean created = true;
        try {
            fd = LibcAt.openat(dir.fd, name, oflags | LibcAt.O_CREAT | LibcAt.O_EXCL, mode & 0777);
        } catch (LibcException e) {
            if (e.errno() != Errno.EEXIST.code() || (flags & LibcAt.O_EXCL) != 0) {
                throw Sys.fail(e);
            }
            // made by someone else since the kernel's lookup: open it as open(O_CREAT) does
            fd = Creating.openExisting(req, dir.fd, name, oflags);
            created = false;
        }
        return openCreated(req, dir, name, fd, created, mode, umask, flags);
    }

    @Override
    public CreatedFile tmpfile(Request req, long parent, int mode, int umask, int flags) {
        Inode dir = directory(parent);
        int oflags = (flags & PASSED_FLAGS & ~LibcAt.O_TRUNC) | LibcAt.O_TMPFILE | Libc.O_CLOEXEC;
        int fd = Sys.call(() -> LibcAt.openat(dir.fd, ".", oflags, mode & 0777));
        return openCreated(req, dir, null, fd, true, mode, umask, flags);
    }

    /**
     * Gives a file opened by create or tmpfile to the requester (if new) and registers node and
     * open; when that fails, a file this call made is removed again and its lookup dropped.
     *
     * @param name the name made or opened, or null for tmpfile
     */
    private CreatedFile openCreated(Request req, Inode dir, String name, int fd, boolean created, int mode,
                                    int umask, int flags) {
        Entry e;
        long ino = -1;
        try {
            Attr a = Attrs.of(fd);
            ino = a.ino();
            if (Mode.isDirectory(a.mode())) {
                throw new FuseException(Errno.EISDIR);
            }
            if (created) {
                Ownership.apply(fd, a, req, Attrs.of(dir.fd), mode, umask);
            }
            e = register(Sys.reopen(fd, LibcAt.O_PATH));
        } catch (RuntimeException ex) {
            Sys.closeQuietly(fd);
            undo(dir, name, created, ino);
            throw ex;
        }
        try {
            return new CreatedFile(e, openReply(req, inodes.get(e.nodeid()), fd, flags, null));
        } catch (RuntimeException ex) {
            inodes.forget(e.nodeid(), 1);
            undo(dir, name, created, ino);
            throw ex;
        }
    }

    private static void undo(Inode dir, String name, boolean created, long ino) {
        if (created && name != null && ino >= 0) {
            Creating.unlinkIfSame(dir.fd, name, ino);
        }
    }

    /**
     * The one place where an open of the source becomes the kernel's {@link OpenFile}: the
     * descriptor goes into the open-file table and its handle is the reply's {@code fh}.
     *
     * With kernel passthrough, a regular file is opened through its inode's backing id. The
     * kernel then writes the source with the daemon's rights, which keep set-user-id and
     * set-group-id bits that a write by someone else must clear; so an open for writing by
     * someone other than root clears them at once, where Linux would at the first write (the
     * kernel refuses an inode open both with and without passthrough, so such an open cannot be
     * sent through the daemon instead).
     *
     * @param req   the open or create request
     * @param n     the node opened
     * @param fd    the source descriptor of this open, owned by the table from now on
     * @param flags the open flags the kernel sent
     * @param dir   the directory read state, for opendir; else null
     * @return the reply
     */
    private OpenFile openReply(Request req, Inode n, int fd, int flags, DirStream dir) {
        int backingId = dir == null ? backing.acquire(n, fd) : 0;
        if (backingId > 0 && (flags & O_ACCMODE) != 0 && req.uid() != 0) {
            try {
                killPrivileges(n, Attrs.of(fd), req.gid());
            } catch (RuntimeException e) {
                backing.release(n);
                Sys.closeQuietly(fd);
                throw e;
            }
        }
        Handle h = files.add(n, fd, flags, dir, backingId);
        return backingId > 0 ? OpenFile.passthrough(h.fh(), backingId) : OpenFile.of(h.fh());
    }

    @Override
    public MemorySegment readSegment(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        int fd = files.get(fh).fd();
        long got = 0;
        while (got < dest.byteSize()) {
            long at = got;
            long n = Sys.call(() -> LibcFiles.pread(fd, dest.asSlice(at), offset + at));
            if (n == 0) {
                break;
            }
            got += n;
        }
        return dest.asSlice(0, got);
    }

    @Override
    public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        return (int) readSegment(req, nodeid, fh, offset, dest).byteSize();
    }

    @Override
    public int write(Request req, long nodeid, long fh, long offset, MemorySegment data, int writeFlags) {
        Handle h = files.get(fh);
        long done = 0;
        while (done < data.byteSize()) {
            long at = done;
            done += Sys.call(() -> LibcFiles.pwrite(h.fd(), data.asSlice(at), offset + at));
        }
        if ((writeFlags & WRITE_KILL_SUIDGID) != 0 || (req.uid() != 0 && (writeFlags & WRITE_CACHE) == 0)) {
            // the kernel flags direct writes of callers without CAP_FSETID; the writer's group
            // decides about a set-group-id bit without group-execute, as in Linux
            Attr a = Attrs.of(h.fd());
            killPrivileges(h.inode(), a, req.uid() != 0 ? req.gid() : a.gid());
        }
        return (int) done;
    }

    @Override
    public void flush(Request req, long nodeid, long fh, long lockOwner) {
        locks.release(nodeid, lockOwner);
        Handle h = files.find(fh);
        if (h != null) {
            // close a duplicate: a source that reports write errors at close (NFS) reports them here
            int dup = Sys.call(() -> Libc.dup(h.fd()));
            Sys.run(() -> Libc.close(dup));
        }
    }

    @Override
    public void release(Request req, long nodeid, long fh, int flags) {
        Handle h = files.close(fh);
        if (h != null && h.backingId() > 0) {
            backing.release(h.inode());
        }
    }

    @Override
    public void fsync(Request req, long nodeid, long fh, boolean datasync) {
        int fd = files.get(fh).fd();
        Sys.run(() -> LibcFiles.fsync(fd, datasync));
    }

    @Override
    public void fallocate(Request req, long nodeid, long fh, int mode, long offset, long length) {
        int fd = files.get(fh).fd();
        Sys.run(() -> LibcFiles.fallocate(fd, mode, offset, length));
    }

    @Override
    public long lseek(Request req, long nodeid, long fh, long offset, int whence) {
        int fd = files.get(fh).fd();
        return Sys.call(() -> LibcFiles.lseek(fd, offset, whence));
    }

    @Override
    public long copyFileRange(Request req, long nodeidIn, long fhIn, long offsetIn, long nodeidOut, long fhOut,
                              long offsetOut, long length, int flags) {
        int in = files.get(fhIn).fd();
        int out = files.get(fhOut).fd();
        return Sys.call(() -> LibcFiles.copyFileRange(in, offsetIn, out, offsetOut, length, flags));
    }

    // ---------------------------------------------------------------- directories

    @Override
    public OpenFile opendir(Request req, long nodeid, int flags) {
        Inode n = directory(nodeid);
        int fd = Sys.reopen(n.fd, Libc.O_RDONLY | LibcAt.O_DIRECTORY);
        return openReply(req, n, fd, flags, new DirStream(fd));
    }

    @Override
    public void readdir(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
        Handle h = files.get(fh);
        containment.check(h.inode());
        if (!filler.isPlus()) {
            h.dir().read(offset, filler::add);
            return;
        }
        Attr self = Attrs.of(h.fd());
        h.dir().read(offset, (name, ino, type, next) -> {
            if (name.equals(".") || name.equals("..")) {
                return filler.add(name, new Entry(0, 0, self, null, null), next);
            }
            Entry e;
            try {
                e = register(Resolver.child(h.inode().fd, name)); // the directory was checked above
            } catch (FuseException gone) {
                return true; // removed since it was listed: leave it out
            }
            if (!filler.add(name, e, next)) {
                inodes.forget(e.nodeid(), 1);
                return false;
            }
            return true;
        });
    }

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
        int fd = Sys.reopen(inodes.get(ROOT).fd, LibcAt.O_DIRECTORY);
        try {
            Sys.run(() -> LibcFiles.syncfs(fd));
        } finally {
            Sys.closeQuietly(fd);
        }
    }

    @Override
    public StatFs statfs(Request req, long nodeid) {
        return Attrs.statfs(node(nodeid).fd);
    }

    @Override
    public void access(Request req, long nodeid, int mask) {
        Attr a = Attrs.of(node(nodeid).fd);
        if (!Ownership.permits(a, req.uid(), req.gid(), mask)) {
            throw new FuseException(Errno.EACCES);
        }
    }

    // ---------------------------------------------------------------- extended attributes

    @Override
    public void setxattr(Request req, long nodeid, String name, MemorySegment value, int flags, int setxattrFlags) {
        String path = Sys.procPath(node(nodeid).fd);
        Sys.run(() -> LibcXattr.setxattr(path, name, value, flags, true));
    }

    @Override
    public byte[] getxattr(Request req, long nodeid, String name) {
        String path = Sys.procPath(node(nodeid).fd);
        return Sys.call(() -> LibcXattr.getxattr(path, name, true));
    }

    @Override
    public List<String> listxattr(Request req, long nodeid) {
        String path = Sys.procPath(node(nodeid).fd);
        List<String> names = Sys.call(() -> LibcXattr.listxattr(path, true));
        // the daemon may see trusted.* names; a caller without CAP_SYS_ADMIN may not
        return req.uid() == 0 ? names : names.stream().filter(x -> !x.startsWith("trusted.")).toList();
    }

    @Override
    public void removexattr(Request req, long nodeid, String name) {
        String path = Sys.procPath(node(nodeid).fd);
        Sys.run(() -> LibcXattr.removexattr(path, name, true));
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
        Locks.flock(req, files.get(fh).fd(), operation);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The node of a node id, still inside the source ({@link Containment}).
     *
     * @throws FuseException {@code ESTALE} when the kernel names a node it forgot, or one whose
     *                       file was moved out of the source
     */
    private Inode node(long nodeid) {
        Inode n = inodes.get(nodeid);
        containment.check(n);
        return n;
    }

    /**
     * The node whose attributes {@code GETATTR} or {@code STATX} reads: like {@link #node}, but
     * a file the kernel holds open is served wherever it is now, since {@code fstat} of an open
     * file reaches the daemon without its handle.
     */
    private Inode attributesOf(long nodeid) {
        Inode n = inodes.get(nodeid);
        if (n.fileOpens.get() <= 0) {
            containment.check(n);
        }
        return n;
    }

    /** A directory node, still inside the source. */
    private Inode directory(long nodeid) {
        Inode n = inodes.get(nodeid);
        if (!n.isDirectory()) {
            throw new FuseException(Errno.ENOTDIR);
        }
        containment.check(n);
        return n;
    }

    /**
     * The open of a regular file or other non-directory with handle {@code fh}, or null: such an
     * open file keeps working wherever its file goes, as any open file does.
     */
    private Handle openFile(long fh) {
        Handle h = files.find(fh);
        return h != null && h.dir() == null ? h : null;
    }
}
