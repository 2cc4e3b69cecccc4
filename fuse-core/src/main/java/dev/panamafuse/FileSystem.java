package dev.panamafuse;

import dev.panamafuse.mount.Capability;
import dev.panamafuse.mount.ConnectionInfo;
import dev.panamafuse.mount.MountOptions;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Set;

/**
 * A filesystem served through FUSE, addressed by node id (inode number) like libfuse's
 * {@code fuse_lowlevel_ops}, whose operation names it keeps.
 *
 * <p>Implement the operations your filesystem supports; every other one fails with
 * {@link Errno#ENOSYS}. Fail a request by throwing {@link FuseException}; any other exception is
 * answered with {@link Errno#EIO} and logged, and the session carries on. Handlers run
 * concurrently, each request on its own virtual thread, so an implementation must be
 * thread-safe.
 *
 * <p><b>Node ids and lookup counts.</b> Node id 1 ({@link #ROOT}) is the root. Every {@link Entry}
 * returned by {@code lookup}, {@code mknod}, {@code mkdir}, {@code symlink}, {@code link},
 * {@code create}, {@code tmpfile} and {@code readdirplus} counts one lookup of its node id; the
 * kernel gives those counts back with {@link #forget(long, long)}. A node id must stay valid
 * (and must not be reused for another file) until its count drops to zero, even after the file
 * was unlinked.
 *
 * <p><b>Memory.</b> Every {@link MemorySegment} passed to a handler is a view of the session's
 * request or reply buffer: it is valid only until the handler returns, and must not be kept or
 * handed to another thread that outlives the call.
 *
 * <p><b>ENOSYS.</b> For some operations the kernel remembers an {@code ENOSYS} answer for the rest
 * of the mount and stops sending them (noted on each method); for the others it fails the calling
 * system call with {@code ENOSYS} each time.
 */
public interface FileSystem {

    /** The node id of the root directory ({@code FUSE_ROOT_ID}). */
    long ROOT = 1;

    /** The file handle passed to {@link #getattr} when the request did not come through an open file. */
    long NO_FH = -1;

    /** {@code RENAME_NOREPLACE}: fail with {@code EEXIST} when the new name exists. */
    int RENAME_NOREPLACE = 1;

    /** {@code RENAME_EXCHANGE}: swap the two names atomically; both must exist. */
    int RENAME_EXCHANGE = 1 << 1;

    /** {@code RENAME_WHITEOUT}: leave a whiteout (a 0/0 character device) at the old name. */
    int RENAME_WHITEOUT = 1 << 2;

    private static <T> T unsupported() {
        throw new FuseException(Errno.ENOSYS);
    }

    /**
     * Capabilities this filesystem needs whatever the mount options say, added to
     * {@link MountOptions#capabilities()} in {@code FUSE_INIT} (each used only if the kernel
     * offers it). For example a filesystem that truncates in {@link #open} asks for
     * {@link Capability#ATOMIC_O_TRUNC}. The default asks for nothing more.
     *
     * @return the capabilities to ask for
     */
    default Set<Capability> capabilities() {
        return Set.of();
    }

    /**
     * Whether this filesystem checks itself, from {@link Request#uid()} and {@link Request#gid()},
     * that each caller may do what it asks. The kernel checks nothing unless the mount uses
     * {@code default_permissions}: without it, and with {@code allow_other}, a filesystem that
     * checks nothing lets every user of the machine read, change and delete every file in it,
     * whatever the mode bits say. {@code Fuse.mount} logs a warning for such a mount unless this
     * method returns true.
     *
     * <p>Return true only if every operation that the kernel would check under
     * {@code default_permissions} (lookup and the other operations on a name: search permission
     * on the directory; open, create, readdir, access: read, write or execute permission;
     * setattr: ownership for chmod, chown and utimes; unlink, rmdir and rename: write permission
     * and the sticky bit) refuses callers who lack the right, with {@code EACCES} or
     * {@code EPERM}. The default, false, suits a filesystem that relies on
     * {@code default_permissions} or serves only its owner.
     *
     * @return true if the filesystem enforces permissions itself
     */
    default boolean checksPermissions() {
        return false;
    }

    /**
     * Called once when the kernel's {@code FUSE_INIT} arrives, after negotiation and before the
     * kernel is answered, so before any other operation. An exception thrown here fails the
     * mount ({@code Fuse.mount} throws). The default does nothing.
     *
     * @param connection what was negotiated
     */
    default void init(ConnectionInfo connection) {
    }

    /**
     * Called once when the session ends ({@code FUSE_DESTROY}, an unmount, or close), after the
     * last request finished or the grace period expired. The default does nothing.
     */
    default void destroy() {
    }

    /**
     * Looks a name up in a directory ({@code FUSE_LOOKUP}); the kernel sends it when it resolves a
     * path and the name is not cached. Return the entry, which counts one lookup of its node id.
     * Errors: {@code ENOENT} (or a negative {@link Entry} with node id 0, which the kernel may
     * cache), {@code ENOTDIR}, {@code EACCES}, {@code ENAMETOOLONG}.
     *
     * @param req    the request
     * @param parent the directory's node id
     * @param name   the name, not "." and not ".."
     * @return the entry found
     */
    default Entry lookup(Request req, long parent, String name) {
        return unsupported();
    }

    /**
     * Drops {@code nlookup} lookups of a node ({@code FUSE_FORGET}, {@code FUSE_BATCH_FORGET}); the
     * kernel sends it when it evicts the inode from its cache, and at unmount for every node it
     * still knows. When a node's count reaches zero it may be freed. No answer is sent, so this
     * method cannot fail. The default does nothing.
     *
     * @param nodeid  the node id
     * @param nlookup how many lookups to drop
     */
    default void forget(long nodeid, long nlookup) {
    }

    /**
     * Returns the attributes of a node ({@code FUSE_GETATTR}); the kernel sends it for
     * {@code stat(2)} and to revalidate its cache once the attribute timeout has passed. The
     * kernel caches the answer for the mount's {@code attr_timeout}. Errors: {@code ENOENT},
     * {@code ESTALE}.
     *
     * @param req    the request
     * @param nodeid the node id
     * @param fh     the file handle for an {@code fstat(2)} on an open file, else {@link #NO_FH}
     * @return the attributes
     */
    default Attr getattr(Request req, long nodeid, long fh) {
        return unsupported();
    }

    /**
     * Changes attributes ({@code FUSE_SETATTR}): {@code chmod}, {@code chown}, {@code truncate},
     * {@code utimensat}. Return the attributes after the change. Errors: {@code EPERM},
     * {@code EACCES}, {@code EFBIG}, {@code ENOSPC}, {@code EROFS}, {@code EINVAL}.
     *
     * @param req     the request
     * @param nodeid  the node id
     * @param changes the requested changes
     * @return the new attributes
     */
    default Attr setattr(Request req, long nodeid, SetAttr changes) {
        return unsupported();
    }

    /**
     * Returns the target of a symbolic link ({@code FUSE_READLINK}). Errors: {@code EINVAL} (not a
     * link), {@code ENOENT}.
     *
     * @param req    the request
     * @param nodeid the link's node id
     * @return the target, as stored
     */
    default String readlink(Request req, long nodeid) {
        return unsupported();
    }

    /**
     * Creates a node that is not a directory or symlink ({@code FUSE_MKNOD}): a FIFO, socket,
     * device, or a regular file when the filesystem has no {@link #create}. Errors: {@code EEXIST},
     * {@code ENOSPC}, {@code EPERM}, {@code EACCES}, {@code EROFS}.
     *
     * @param req    the request; its uid and gid own the new node
     * @param parent the directory's node id
     * @param name   the new name
     * @param mode   type and permissions, with the umask already applied unless the filesystem
     *               negotiated {@code FUSE_DONT_MASK}
     * @param rdev   the device number for a device node
     * @param umask  the caller's umask
     * @return the new entry (counts one lookup)
     */
    default Entry mknod(Request req, long parent, String name, int mode, int rdev, int umask) {
        return unsupported();
    }

    /**
     * Creates a directory ({@code FUSE_MKDIR}). Errors: {@code EEXIST}, {@code ENOSPC},
     * {@code EMLINK}, {@code EACCES}, {@code EROFS}.
     *
     * @param req    the request; its uid and gid own the new directory
     * @param parent the parent's node id
     * @param name   the new name
     * @param mode   permissions (the type bits may be absent)
     * @param umask  the caller's umask
     * @return the new entry (counts one lookup)
     */
    default Entry mkdir(Request req, long parent, String name, int mode, int umask) {
        return unsupported();
    }

    /**
     * Removes a name that is not a directory ({@code FUSE_UNLINK}). The node lives on while it is
     * open or its lookup count is not zero. Errors: {@code ENOENT}, {@code EISDIR}, {@code EPERM},
     * {@code EACCES}, {@code EROFS}, {@code EBUSY}.
     *
     * @param req    the request
     * @param parent the directory's node id
     * @param name   the name
     */
    default void unlink(Request req, long parent, String name) {
        unsupported();
    }

    /**
     * Removes an empty directory ({@code FUSE_RMDIR}). Errors: {@code ENOENT}, {@code ENOTDIR},
     * {@code ENOTEMPTY}, {@code EBUSY}, {@code EPERM}, {@code EACCES}.
     *
     * @param req    the request
     * @param parent the parent's node id
     * @param name   the directory's name
     */
    default void rmdir(Request req, long parent, String name) {
        unsupported();
    }

    /**
     * Creates a symbolic link ({@code FUSE_SYMLINK}). Errors: {@code EEXIST}, {@code ENOSPC},
     * {@code ENAMETOOLONG}, {@code EACCES}, {@code EROFS}.
     *
     * @param req    the request; its uid and gid own the link
     * @param target what the link points to, stored as given
     * @param parent the directory's node id
     * @param name   the link's name
     * @return the new entry (counts one lookup)
     */
    default Entry symlink(Request req, String target, long parent, String name) {
        return unsupported();
    }

    /**
     * Renames an entry ({@code FUSE_RENAME}, {@code FUSE_RENAME2}). Without flags an existing
     * target that is not a non-empty directory is replaced atomically. Errors: {@code ENOENT},
     * {@code EEXIST} (with {@link #RENAME_NOREPLACE}), {@code ENOTEMPTY}, {@code EISDIR},
     * {@code ENOTDIR}, {@code EINVAL} (a directory into itself, or unsupported flags),
     * {@code EXDEV}, {@code EBUSY}, {@code EACCES}. An {@code ENOSYS} answer to a call with flags
     * is remembered: the kernel then fails every {@code renameat2} with flags by itself.
     *
     * @param req       the request
     * @param parent    the old directory's node id
     * @param name      the old name
     * @param newParent the new directory's node id
     * @param newName   the new name
     * @param flags     {@link #RENAME_NOREPLACE}, {@link #RENAME_EXCHANGE}, {@link #RENAME_WHITEOUT} or 0
     */
    default void rename(Request req, long parent, String name, long newParent, String newName, int flags) {
        unsupported();
    }

    /**
     * Creates a hard link to an existing node ({@code FUSE_LINK}). Errors: {@code EEXIST},
     * {@code EMLINK}, {@code EPERM} (a directory), {@code ENOSPC}, {@code EXDEV}.
     *
     * @param req       the request
     * @param nodeid    the existing node
     * @param newParent the directory of the new name
     * @param newName   the new name
     * @return the entry of the node (counts one lookup)
     */
    default Entry link(Request req, long nodeid, long newParent, String newName) {
        return unsupported();
    }

    /**
     * Opens a file ({@code FUSE_OPEN}). Return a handle of your choice and {@code FOPEN_*} flags.
     * {@code O_CREAT}, {@code O_EXCL} and {@code O_NOCTTY} are handled by the kernel;
     * {@code O_TRUNC} arrives as a separate {@link #setattr} unless {@code atomic_o_trunc} was
     * negotiated. Errors: {@code EACCES}, {@code EISDIR}, {@code ENOENT}, {@code EROFS},
     * {@code ETXTBSY}. An {@code ENOSYS} answer is remembered when {@code no_open_support} was
     * negotiated: the kernel then opens files without asking.
     *
     * @param req    the request
     * @param nodeid the file's node id
     * @param flags  the {@code open(2)} flags
     * @return the open file
     */
    default OpenFile open(Request req, long nodeid, int flags) {
        return unsupported();
    }

    /**
     * Reads from an open file ({@code FUSE_READ}). Copy up to {@code dest.byteSize()} bytes from
     * {@code offset} into {@code dest} and return how many were copied; fewer than asked means end
     * of file, except with {@code direct_io}, where the count is passed to the caller as is.
     * The session calls it through {@link #readSegment}'s default; override that one instead to
     * answer from memory of your own without a copy. Errors: {@code EIO}, {@code EISDIR},
     * {@code EBADF}.
     *
     * @param req    the request
     * @param nodeid the file's node id
     * @param fh     the handle returned by {@link #open}
     * @param offset byte offset in the file
     * @param dest   where to put the data: a slice of the reply buffer, valid only during the call
     * @return the number of bytes written into {@code dest}
     */
    default int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        return unsupported();
    }

    /**
     * Reads from an open file ({@code FUSE_READ}) with the data in memory of the filesystem's
     * choosing: the zero-copy form of {@link #read}, which the session calls for every READ.
     * Return either {@code dest} sliced to the bytes filled in (what this default does, calling
     * {@link #read}), or any other segment of at most {@code dest.byteSize()} bytes: a native
     * segment (a mapped file, a cache block, a constant buffer) goes to the kernel as it is, as
     * the second iovec of the reply, without a copy; a heap segment is copied into the reply
     * buffer. A shorter answer means end of file, as for {@link #read}. Errors: {@code EIO},
     * {@code EISDIR}, {@code EBADF}.
     *
     * <p>Lifetime: a returned native segment must stay valid and unchanged until the reply has
     * been written, which the session does on the calling thread right after this method returns;
     * memory that lives as long as the filesystem (or is freed only after a later request) is the
     * usual choice. {@code dest} is valid only during the call.
     *
     * @param req    the request
     * @param nodeid the file's node id
     * @param fh     the handle returned by {@link #open}
     * @param offset byte offset in the file
     * @param dest   a slice of the reply buffer, as large as the kernel asked for
     * @return the data to send, at most {@code dest.byteSize()} bytes
     */
    default MemorySegment readSegment(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        int n = read(req, nodeid, fh, offset, dest);
        if (n < 0 || n > dest.byteSize()) {
            throw new FuseException(Errno.EIO, "read returned " + n + " for a buffer of " + dest.byteSize() + " bytes");
        }
        return dest.asSlice(0, n);
    }

    /**
     * Writes to an open file ({@code FUSE_WRITE}). Return how many bytes were written; anything
     * short of {@code data.byteSize()} is an error for the caller's {@code write(2)} unless
     * {@code direct_io} is set. Errors: {@code ENOSPC}, {@code EFBIG}, {@code EIO}, {@code EBADF}.
     *
     * @param req        the request
     * @param nodeid     the file's node id
     * @param fh         the handle returned by {@link #open}
     * @param offset     byte offset in the file (ignore it for files opened with {@code O_APPEND}
     *                   only when writeback caching is off; the kernel has resolved it)
     * @param data       the bytes: a read-only slice of the request buffer, valid only during the call
     * @param writeFlags {@code FUSE_WRITE_*} bits (cache, lock owner, kill suid/sgid)
     * @return the number of bytes written
     */
    default int write(Request req, long nodeid, long fh, long offset, MemorySegment data, int writeFlags) {
        return unsupported();
    }

    /**
     * Called on each {@code close(2)} of a file descriptor ({@code FUSE_FLUSH}), possibly several
     * times per open. Report delayed write errors here. An {@code ENOSYS} answer is remembered:
     * the kernel stops sending FLUSH. The default returns without error.
     *
     * @param req       the request
     * @param nodeid    the file's node id
     * @param fh        the open file's handle
     * @param lockOwner the lock owner of the closing descriptor
     */
    default void flush(Request req, long nodeid, long fh, long lockOwner) {
    }

    /**
     * Called once when the last reference to an open file goes away ({@code FUSE_RELEASE}). The
     * error, if any, is ignored by the kernel. The default does nothing.
     *
     * @param req    the request
     * @param nodeid the file's node id
     * @param fh     the open file's handle
     * @param flags  the flags the file was opened with
     */
    default void release(Request req, long nodeid, long fh, int flags) {
    }

    /**
     * Writes the file's data (and metadata unless {@code datasync}) to stable storage
     * ({@code FUSE_FSYNC}). An {@code ENOSYS} answer is remembered: the kernel then treats fsync
     * as a success without asking. The default returns without error.
     *
     * @param req      the request
     * @param nodeid   the file's node id
     * @param fh       the open file's handle
     * @param datasync true for {@code fdatasync(2)}
     */
    default void fsync(Request req, long nodeid, long fh, boolean datasync) {
    }

    /**
     * Opens a directory ({@code FUSE_OPENDIR}). The default returns handle 0, so a filesystem
     * that needs no per-open state implements only {@link #readdir}. Errors: {@code ENOTDIR},
     * {@code EACCES}.
     *
     * @param req    the request
     * @param nodeid the directory's node id
     * @param flags  the {@code open(2)} flags
     * @return the open directory
     */
    default OpenFile opendir(Request req, long nodeid, int flags) {
        return OpenFile.of(0);
    }

    /**
     * Lists a directory ({@code FUSE_READDIR}): add entries from {@code offset} on to the filler
     * until it returns false or the directory ends. Include "." and "..". Errors: {@code ENOTDIR},
     * {@code EBADF}.
     *
     * @param req    the request
     * @param nodeid the directory's node id
     * @param fh     the handle returned by {@link #opendir}
     * @param offset 0 for the start, else a next offset given with an earlier entry
     * @param filler writes entries into the reply; valid only during the call
     */
    default void readdir(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
        unsupported();
    }

    /**
     * Lists a directory with each entry's attributes ({@code FUSE_READDIRPLUS}), sent instead of
     * READDIR when readdirplus was negotiated; each entry added counts one lookup. The default
     * fails with {@code ENOSYS}.
     *
     * @param req    the request
     * @param nodeid the directory's node id
     * @param fh     the handle returned by {@link #opendir}
     * @param offset 0 for the start, else a next offset given with an earlier entry
     * @param filler writes entries with {@link DirectoryFiller#add(String, Entry, long)}
     */
    default void readdirplus(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
        unsupported();
    }

    /**
     * Called once when an open directory is closed for the last time ({@code FUSE_RELEASEDIR}).
     * The default does nothing.
     *
     * @param req    the request
     * @param nodeid the directory's node id
     * @param fh     the handle returned by {@link #opendir}
     */
    default void releasedir(Request req, long nodeid, long fh) {
    }

    /**
     * Synchronizes a directory's contents ({@code FUSE_FSYNCDIR}). An {@code ENOSYS} answer is
     * remembered. The default returns without error.
     *
     * @param req      the request
     * @param nodeid   the directory's node id
     * @param fh       the handle returned by {@link #opendir}
     * @param datasync true when only the contents need to be synchronized
     */
    default void fsyncdir(Request req, long nodeid, long fh, boolean datasync) {
    }

    /**
     * Returns filesystem statistics ({@code FUSE_STATFS}) for {@code statfs(2)} and {@code df}.
     * The default answers {@link StatFs#EMPTY}.
     *
     * @param req    the request
     * @param nodeid a node of the filesystem
     * @return the statistics
     */
    default StatFs statfs(Request req, long nodeid) {
        return StatFs.EMPTY;
    }

    /**
     * Sets an extended attribute ({@code FUSE_SETXATTR}). Errors: {@code EEXIST}
     * ({@code XATTR_CREATE}), {@code ENODATA} ({@code XATTR_REPLACE}), {@code ENOSPC},
     * {@code E2BIG}, {@code EOPNOTSUPP} (a namespace the filesystem does not keep), {@code EPERM}.
     * An {@code ENOSYS} answer is remembered: every later xattr call fails with
     * {@code EOPNOTSUPP} without asking.
     *
     * @param req           the request
     * @param nodeid        the node id
     * @param name          the attribute's full name, e.g. "user.comment"
     * @param value         the value: a read-only slice of the request buffer, valid only during the call
     * @param flags         {@code XATTR_CREATE} (1) or {@code XATTR_REPLACE} (2) or 0
     * @param setxattrFlags {@code FUSE_SETXATTR_*} bits (kill SGID on an ACL change), 0 unless
     *                      {@code setxattr_ext} was negotiated
     */
    default void setxattr(Request req, long nodeid, String name, MemorySegment value, int flags, int setxattrFlags) {
        unsupported();
    }

    /**
     * Returns the value of an extended attribute ({@code FUSE_GETXATTR}). The session answers the
     * kernel's size probes and {@code ERANGE} itself. Errors: {@code ENODATA} (no such attribute),
     * {@code EOPNOTSUPP}. An {@code ENOSYS} answer is remembered (see {@link #setxattr}).
     *
     * @param req    the request
     * @param nodeid the node id
     * @param name   the attribute's full name
     * @return the value
     */
    default byte[] getxattr(Request req, long nodeid, String name) {
        return unsupported();
    }

    /**
     * Lists the names of a node's extended attributes ({@code FUSE_LISTXATTR}). The session answers
     * size probes and {@code ERANGE} itself. An {@code ENOSYS} answer is remembered.
     *
     * @param req    the request
     * @param nodeid the node id
     * @return the full names
     */
    default List<String> listxattr(Request req, long nodeid) {
        return unsupported();
    }

    /**
     * Removes an extended attribute ({@code FUSE_REMOVEXATTR}). Errors: {@code ENODATA},
     * {@code EOPNOTSUPP}, {@code EPERM}. An {@code ENOSYS} answer is remembered.
     *
     * @param req    the request
     * @param nodeid the node id
     * @param name   the attribute's full name
     */
    default void removexattr(Request req, long nodeid, String name) {
        unsupported();
    }

    /**
     * Checks access permissions ({@code FUSE_ACCESS}) for {@code access(2)} and {@code chdir(2)};
     * not sent when the mount uses {@code default_permissions}. An {@code ENOSYS} answer is
     * remembered: the kernel then grants every access check. Errors: {@code EACCES}.
     *
     * @param req    the request
     * @param nodeid the node id
     * @param mask   {@code R_OK} (4), {@code W_OK} (2), {@code X_OK} (1) or {@code F_OK} (0)
     */
    default void access(Request req, long nodeid, int mask) {
        unsupported();
    }

    /**
     * Creates and opens a regular file atomically ({@code FUSE_CREATE}), for
     * {@code open(O_CREAT)} of a name that does not exist. An {@code ENOSYS} answer is remembered:
     * the kernel then uses {@link #mknod} and {@link #open}. Errors: {@code EEXIST}, {@code ENOSPC},
     * {@code EACCES}, {@code EROFS}.
     *
     * @param req    the request; its uid and gid own the new file
     * @param parent the directory's node id
     * @param name   the new name
     * @param mode   type and permissions
     * @param umask  the caller's umask
     * @param flags  the {@code open(2)} flags
     * @return the new entry (counts one lookup) and the open file
     */
    default CreatedFile create(Request req, long parent, String name, int mode, int umask, int flags) {
        return unsupported();
    }

    /**
     * Tests for a POSIX record lock ({@code FUSE_GETLK}, {@code fcntl(F_GETLK)}); sent only when
     * POSIX locks were negotiated, otherwise the kernel keeps locks locally. Return the first
     * conflicting lock, or {@code lock} with type {@link FileLock#F_UNLCK} when there is none.
     *
     * @param req    the request
     * @param nodeid the file's node id
     * @param fh     the open file's handle
     * @param owner  the lock owner
     * @param lock   the lock that would be placed
     * @return the conflicting lock, or an unlocked one
     */
    default FileLock getlk(Request req, long nodeid, long fh, long owner, FileLock lock) {
        return unsupported();
    }

    /**
     * Places or removes a POSIX record lock ({@code FUSE_SETLK}, {@code FUSE_SETLKW}). Errors:
     * {@code EAGAIN} (conflict and not {@code sleep}), {@code EDEADLK}, {@code EINTR} (interrupted
     * while sleeping), {@code ENOLCK}.
     *
     * @param req    the request
     * @param nodeid the file's node id
     * @param fh     the open file's handle
     * @param owner  the lock owner
     * @param lock   the lock range and type
     * @param sleep  true to wait for a conflicting lock to go away ({@code F_SETLKW})
     */
    default void setlk(Request req, long nodeid, long fh, long owner, FileLock lock, boolean sleep) {
        unsupported();
    }

    /**
     * Places or removes a BSD lock ({@code flock(2)}; {@code FUSE_SETLK} with {@code FUSE_LK_FLOCK}),
     * sent only when flock locks were negotiated. Errors: {@code EWOULDBLOCK}, {@code EINTR}.
     *
     * @param req       the request
     * @param nodeid    the file's node id
     * @param fh        the open file's handle
     * @param owner     the lock owner (the open file description)
     * @param operation {@code LOCK_SH} (1), {@code LOCK_EX} (2) or {@code LOCK_UN} (8), with
     *                  {@code LOCK_NB} (4) when the caller does not wait
     */
    default void flock(Request req, long nodeid, long fh, long owner, int operation) {
        unsupported();
    }

    /**
     * Maps a block of a file to a block of the underlying device ({@code FUSE_BMAP}), for
     * filesystems on a block device ({@code fuseblk}) only. An {@code ENOSYS} answer is remembered.
     *
     * @param req       the request
     * @param nodeid    the file's node id
     * @param blocksize the block size
     * @param block     the block index in the file
     * @return the block index on the device
     */
    default long bmap(Request req, long nodeid, int blocksize, long block) {
        return unsupported();
    }

    /**
     * Performs a restricted {@code ioctl(2)} on an open file ({@code FUSE_IOCTL}); the kernel
     * copies {@code in} from the caller and {@link IoctlResult#out()} back, sized from the command
     * number. Errors: {@code ENOTTY} (unknown command), {@code EINVAL}. An {@code ENOSYS} answer is
     * remembered.
     *
     * @param req     the request
     * @param nodeid  the file's node id
     * @param fh      the open file's handle
     * @param cmd     the command number
     * @param arg     the caller's argument, as a number
     * @param in      input bytes: a read-only slice of the request buffer, valid only during the call
     * @param outSize the most bytes the caller can take back
     * @param flags   {@code FUSE_IOCTL_*} bits
     * @return the result and output bytes
     */
    default IoctlResult ioctl(Request req, long nodeid, long fh, int cmd, long arg, MemorySegment in, int outSize,
                              int flags) {
        return unsupported();
    }

    /**
     * Polls an open file for readiness ({@code FUSE_POLL}). Return the ready events; when none is
     * ready and {@code handle} is not null, keep it and call {@link PollHandle#notifyReady()} later.
     * An {@code ENOSYS} answer is remembered: files then always poll ready.
     *
     * @param req    the request
     * @param nodeid the file's node id
     * @param fh     the open file's handle
     * @param handle the kernel's handle when it wants a wake-up, else null
     * @param events the {@code POLL*} events asked for
     * @return the ready events
     */
    default int poll(Request req, long nodeid, long fh, PollHandle handle, int events) {
        return unsupported();
    }

    /**
     * Allocates, punches or zeroes space of an open file ({@code FUSE_FALLOCATE}). Errors:
     * {@code EOPNOTSUPP} (a mode not supported), {@code ENOSPC}, {@code EFBIG}. An {@code ENOSYS}
     * answer is remembered: {@code fallocate(2)} then fails with {@code EOPNOTSUPP}.
     *
     * @param req    the request
     * @param nodeid the file's node id
     * @param fh     the open file's handle
     * @param mode   {@code FALLOC_FL_*} bits (keep size 1, punch hole 2, zero range 16)
     * @param offset first byte
     * @param length number of bytes
     */
    default void fallocate(Request req, long nodeid, long fh, int mode, long offset, long length) {
        unsupported();
    }

    /**
     * Finds data or a hole ({@code FUSE_LSEEK}) for {@code lseek(2)} with {@code SEEK_DATA} (3) or
     * {@code SEEK_HOLE} (4). Errors: {@code ENXIO} (offset at or past the end). An {@code ENOSYS}
     * answer is remembered: the kernel then treats the whole file as data.
     *
     * @param req    the request
     * @param nodeid the file's node id
     * @param fh     the open file's handle
     * @param offset where to start
     * @param whence {@code SEEK_SET} (0), {@code SEEK_CUR} (1), {@code SEEK_END} (2), {@code SEEK_DATA}
     *               or {@code SEEK_HOLE}
     * @return the resulting offset
     */
    default long lseek(Request req, long nodeid, long fh, long offset, int whence) {
        return unsupported();
    }

    /**
     * Copies a range between two open files of this filesystem ({@code FUSE_COPY_FILE_RANGE},
     * {@code FUSE_COPY_FILE_RANGE_64}). An {@code ENOSYS} answer is remembered: the kernel then
     * copies through read and write.
     *
     * @param req       the request
     * @param nodeidIn  the source file's node id
     * @param fhIn      the source's handle
     * @param offsetIn  offset in the source
     * @param nodeidOut the destination file's node id
     * @param fhOut     the destination's handle
     * @param offsetOut offset in the destination
     * @param length    bytes to copy
     * @param flags     {@code copy_file_range(2)} flags (0 today)
     * @return bytes copied
     */
    default long copyFileRange(Request req, long nodeidIn, long fhIn, long offsetIn, long nodeidOut, long fhOut,
                               long offsetOut, long length, int flags) {
        return unsupported();
    }

    /**
     * Creates and opens an unnamed regular file in a directory ({@code FUSE_TMPFILE}), for
     * {@code open(O_TMPFILE)}; it can be given a name later with {@code linkat(2)}. An
     * {@code ENOSYS} answer is remembered: {@code O_TMPFILE} then fails with {@code EOPNOTSUPP}.
     *
     * @param req    the request; its uid and gid own the file
     * @param parent the directory's node id
     * @param mode   type and permissions
     * @param umask  the caller's umask
     * @param flags  the {@code open(2)} flags
     * @return the new entry (counts one lookup) and the open file
     */
    default CreatedFile tmpfile(Request req, long parent, int mode, int umask, int flags) {
        return unsupported();
    }

    /**
     * Returns extended attributes ({@code FUSE_STATX}) for {@code statx(2)}. An {@code ENOSYS}
     * answer, the default, is remembered: the kernel then serves {@code statx(2)} from
     * {@link #getattr}.
     *
     * @param req    the request
     * @param nodeid the node id
     * @param fh     the file handle, or {@link #NO_FH}
     * @param flags  {@code AT_STATX_*} synchronization flags
     * @param mask   {@code STATX_*} fields the caller wants
     * @return the attributes
     */
    default Statx statx(Request req, long nodeid, long fh, int flags, int mask) {
        return unsupported();
    }

    /**
     * Synchronizes the whole filesystem ({@code FUSE_SYNCFS}, {@code syncfs(2)}); Linux sends it
     * only for block-device ({@code fuseblk}) mounts and virtiofs. An {@code ENOSYS} answer is
     * remembered. The default returns without error.
     *
     * @param req    the request
     * @param nodeid a node of the filesystem
     */
    default void syncfs(Request req, long nodeid) {
    }
}
