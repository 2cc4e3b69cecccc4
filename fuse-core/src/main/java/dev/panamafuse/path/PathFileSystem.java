package dev.panamafuse.path;

import dev.panamafuse.Attr;
import dev.panamafuse.DirectoryEntry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileNames;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.SetAttr;
import dev.panamafuse.StatFs;
import dev.panamafuse.mount.ConnectionInfo;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A filesystem addressed by path, like libfuse's high-level API, jnr-fuse's {@code FuseFS} or
 * jfuse's {@code FuseOperations}: every operation gets the absolute path of the file inside the
 * mount ({@code "/"} for the root, {@code "/a/b"} below it) and answers with the same records as
 * {@link FileSystem}.
 *
 * <p>Mount it through {@link #toFileSystem(PathFileSystem)}, which keeps the inode table the
 * kernel needs: it gives each path a node id, counts the kernel's lookups of it, drops it when the
 * kernel forgets it, and follows renames (a directory's whole subtree moves with it). So a path
 * filesystem never sees node ids, lookup counts or {@code FORGET}.
 *
 * <p>Implement the operations your filesystem supports; every other one fails with
 * {@link Errno#ENOSYS}, as in {@link FileSystem}, except those whose defaults are noted. Fail a
 * request by throwing {@link FuseException}; any other exception is answered with
 * {@link Errno#EIO} and logged. Handlers run concurrently on many threads, also for the same
 * path: an implementation must be thread-safe.
 *
 * <p><b>Paths.</b> A path is absolute, starts with '/', never ends with '/' (except the root),
 * and its names are never "." or "..". Names that are not valid UTF-8 arrive as described in
 * {@link FileNames}. The kernel resolves symbolic links itself: no path given here has a symbolic
 * link before its last name unless the filesystem changed behind the kernel's back.
 *
 * <p><b>Open files.</b> {@link #open}, {@link #create} and {@link #opendir} return a handle of the
 * filesystem's choice ({@link OpenFile#fh()}), passed back to every operation on that open file.
 * Those operations also get the file's path, which follows renames; after the file was unlinked
 * (or renamed over) while open it is the path the file had, which may now name another file, so a
 * filesystem that keeps files open should use the handle. Such a file's {@link #getattr} and
 * {@link #setattr} come with the handle of one of its open files even when the kernel sent none
 * ({@code fstat} sends none), so answer them from the open file.
 *
 * <p><b>Renames.</b> A rename runs alone: the library lets the running operations finish and holds
 * new ones until it is done, so no operation gets a path that a concurrent rename of a parent
 * directory has just made stale.
 *
 * <p><b>Memory.</b> Every {@link MemorySegment} passed to a handler is a view of the session's
 * buffers, valid only until the handler returns.
 */
public interface PathFileSystem {

    private static <T> T unsupported() {
        throw new FuseException(Errno.ENOSYS);
    }

    /**
     * Mounts a path filesystem through the inode API: the returned {@link FileSystem} keeps the
     * inode table (node id ↔ path, lookup counts, {@code FORGET}, renames) and calls
     * {@code fs} with paths. Pass it to {@code Fuse.mount}.
     *
     * <p>Node ids are never reused during a mount, so generations are 0. An {@link Attr#ino()}
     * of 0 is replaced by the node id; any other value is shown as it is ({@code st_ino}). Each
     * name gets a node id of its own, so two hard links of one file are two inodes to the kernel
     * (as in libfuse's high-level API); return the same non-zero {@code ino} for both to show
     * they are one file. Readdir offsets index a snapshot of the listing taken when a directory is
     * read from offset 0, so they stay stable while it is read.
     *
     * @param fs the path filesystem, not null
     * @return the inode filesystem serving it
     */
    static FileSystem toFileSystem(PathFileSystem fs) {
        return new PathAdapter(fs);
    }

    /**
     * Called once after {@code FUSE_INIT} was negotiated, before any other operation. An
     * exception fails the mount. The default does nothing.
     *
     * @param connection what was negotiated
     */
    default void init(ConnectionInfo connection) {
    }

    /** Called once when the session ends, after the last request. The default does nothing. */
    default void destroy() {
    }

    /**
     * Returns the attributes of a file, directory or link, not following a link
     * ({@code FUSE_GETATTR}, and {@code FUSE_LOOKUP} when the kernel resolves a name it has not
     * cached). This is the most frequent call. Errors: {@code ENOENT} when nothing has that path.
     *
     * @param req  the request
     * @param path the path
     * @param fh   the handle of the open file for an {@code fstat(2)}, else {@link FileSystem#NO_FH}
     * @return the attributes; {@link Attr#ino()} 0 lets the library choose the inode number
     */
    default Attr getattr(Request req, String path, long fh) {
        return unsupported();
    }

    /**
     * Changes attributes ({@code FUSE_SETATTR}): {@code chmod}, {@code chown}, {@code truncate},
     * {@code utimensat}; only the fields {@code changes} marks as present are to change, and
     * {@link SetAttr#hasFh()} tells that it came through an open file. Errors: {@code EPERM},
     * {@code EACCES}, {@code EROFS}, {@code EFBIG}, {@code EINVAL}, {@code ENOENT}.
     *
     * @param req     the request
     * @param path    the path
     * @param changes the changes
     * @return the attributes after the change
     */
    default Attr setattr(Request req, String path, SetAttr changes) {
        return unsupported();
    }

    /**
     * Returns the target of a symbolic link ({@code FUSE_READLINK}). Errors: {@code EINVAL} (not
     * a link), {@code ENOENT}.
     *
     * @param req  the request
     * @param path the link's path
     * @return the target as stored
     */
    default String readlink(Request req, String path) {
        return unsupported();
    }

    /**
     * Creates a file that is not a directory or link ({@code FUSE_MKNOD}): a FIFO, socket, device,
     * or a regular file when {@link #create} is not implemented. Errors: {@code EEXIST},
     * {@code EPERM} (a type the filesystem cannot hold), {@code ENOSPC}, {@code EROFS}.
     *
     * @param req  the request; its uid and gid should own the new file
     * @param path the new path
     * @param mode type and permissions, the caller's umask applied
     * @param rdev the device number of a device node
     */
    default void mknod(Request req, String path, int mode, int rdev) {
        unsupported();
    }

    /**
     * Creates a directory ({@code FUSE_MKDIR}). Errors: {@code EEXIST}, {@code ENOSPC},
     * {@code EROFS}, {@code EACCES}.
     *
     * @param req  the request
     * @param path the new path
     * @param mode permissions, the caller's umask applied
     */
    default void mkdir(Request req, String path, int mode) {
        unsupported();
    }

    /**
     * Removes a name that is not a directory ({@code FUSE_UNLINK}). Errors: {@code ENOENT},
     * {@code EISDIR}, {@code EROFS}, {@code EPERM}.
     *
     * @param req  the request
     * @param path the path
     */
    default void unlink(Request req, String path) {
        unsupported();
    }

    /**
     * Removes an empty directory ({@code FUSE_RMDIR}). Errors: {@code ENOENT}, {@code ENOTDIR},
     * {@code ENOTEMPTY}, {@code EROFS}.
     *
     * @param req  the request
     * @param path the directory's path
     */
    default void rmdir(Request req, String path) {
        unsupported();
    }

    /**
     * Creates a symbolic link ({@code FUSE_SYMLINK}). Errors: {@code EEXIST}, {@code EPERM} (no
     * symbolic links here), {@code EROFS}.
     *
     * @param req    the request
     * @param target what the link points to, stored as given
     * @param path   the link's path
     */
    default void symlink(Request req, String target, String path) {
        unsupported();
    }

    /**
     * Renames a file or directory ({@code FUSE_RENAME}, {@code FUSE_RENAME2}). Without flags an
     * existing {@code to} that is not a non-empty directory is replaced. The library moves its
     * inode table entries (a directory's subtree with it) once this returns. Errors:
     * {@code ENOENT}, {@code EEXIST} (with {@link FileSystem#RENAME_NOREPLACE}), {@code ENOTEMPTY},
     * {@code EISDIR}, {@code ENOTDIR}, {@code EINVAL} (a directory into itself, or flags not
     * supported), {@code EXDEV}, {@code EROFS}. An {@code ENOSYS} answer to a call with flags
     * makes the kernel fail every later {@code renameat2} with flags by itself.
     *
     * @param req   the request
     * @param from  the old path
     * @param to    the new path
     * @param flags {@link FileSystem#RENAME_NOREPLACE}, {@link FileSystem#RENAME_EXCHANGE} (swap both,
     *              both exist), {@link FileSystem#RENAME_WHITEOUT} or 0
     */
    default void rename(Request req, String from, String to, int flags) {
        unsupported();
    }

    /**
     * Creates a hard link ({@code FUSE_LINK}). Errors: {@code EEXIST}, {@code EPERM} (a directory,
     * or no hard links here), {@code EMLINK}, {@code EROFS}.
     *
     * @param req      the request
     * @param existing the path of the existing file
     * @param path     the new path
     */
    default void link(Request req, String existing, String path) {
        unsupported();
    }

    /**
     * Opens a file ({@code FUSE_OPEN}). Return a handle of your choice; it comes back in
     * {@link #read}, {@link #write}, {@link #flush}, {@link #fsync} and {@link #release}.
     * {@code O_TRUNC} arrives as a separate {@link #setattr}. Errors: {@code ENOENT},
     * {@code EISDIR}, {@code EACCES}, {@code EROFS} (writing to a read-only filesystem).
     *
     * @param req   the request
     * @param path  the path
     * @param flags the {@code open(2)} flags ({@code O_ACCMODE} bits: 0 read, 1 write, 2 both)
     * @return the open file
     */
    default OpenFile open(Request req, String path, int flags) {
        return unsupported();
    }

    /**
     * Creates and opens a regular file ({@code FUSE_CREATE}) for {@code open(O_CREAT)} of a name
     * that does not exist. An {@code ENOSYS} answer (the default) is remembered: the kernel then
     * calls {@link #mknod} and {@link #open}. Errors: {@code EEXIST}, {@code ENOSPC},
     * {@code EROFS}, {@code EACCES}.
     *
     * @param req   the request; its uid and gid should own the new file
     * @param path  the new path
     * @param mode  type and permissions, the caller's umask applied
     * @param flags the {@code open(2)} flags
     * @return the open file
     */
    default OpenFile create(Request req, String path, int mode, int flags) {
        return unsupported();
    }

    /**
     * Reads from an open file ({@code FUSE_READ}): copy up to {@code dest.byteSize()} bytes from
     * {@code offset} into {@code dest}. Fewer than asked means end of file (except with
     * {@link OpenFile#DIRECT_IO}). Errors: {@code EIO}, {@code EBADF}, {@code EISDIR}.
     *
     * @param req    the request
     * @param path   the file's path
     * @param fh     the handle returned by {@link #open} or {@link #create}
     * @param offset byte offset in the file
     * @param dest   where to put the data; a slice of the reply buffer, valid only during the call
     * @return the number of bytes written into {@code dest}
     */
    default int read(Request req, String path, long fh, long offset, MemorySegment dest) {
        return unsupported();
    }

    /**
     * Writes to an open file ({@code FUSE_WRITE}). Return how many bytes were written; fewer than
     * {@code data.byteSize()} is an error for the caller. Errors: {@code ENOSPC}, {@code EFBIG},
     * {@code EIO}, {@code EBADF}, {@code EROFS}.
     *
     * @param req    the request
     * @param path   the file's path
     * @param fh     the handle returned by {@link #open} or {@link #create}
     * @param offset byte offset in the file, resolved by the kernel also for {@code O_APPEND}
     * @param data   the bytes; a read-only slice of the request buffer, valid only during the call
     * @return the number of bytes written
     */
    default int write(Request req, String path, long fh, long offset, MemorySegment data) {
        return unsupported();
    }

    /**
     * Called on each {@code close(2)} of a descriptor of the open file ({@code FUSE_FLUSH}),
     * maybe several times per open; report delayed write errors here. The default does nothing.
     *
     * @param req  the request
     * @param path the file's path
     * @param fh   the open file's handle
     */
    default void flush(Request req, String path, long fh) {
    }

    /**
     * Called once when the last reference to an open file goes away ({@code FUSE_RELEASE}):
     * free the handle here. The kernel ignores errors. The default does nothing.
     *
     * @param req   the request
     * @param path  the file's path
     * @param fh    the open file's handle
     * @param flags the flags it was opened with
     */
    default void release(Request req, String path, long fh, int flags) {
    }

    /**
     * Writes an open file's data to stable storage ({@code FUSE_FSYNC}). The default does
     * nothing.
     *
     * @param req      the request
     * @param path     the file's path
     * @param fh       the open file's handle
     * @param datasync true for {@code fdatasync(2)}: metadata may wait
     */
    default void fsync(Request req, String path, long fh, boolean datasync) {
    }

    /**
     * Opens a directory ({@code FUSE_OPENDIR}). The default returns handle 0. Errors:
     * {@code ENOTDIR}, {@code ENOENT}, {@code EACCES}.
     *
     * @param req   the request
     * @param path  the directory's path
     * @param flags the {@code open(2)} flags
     * @return the open directory; its handle comes back in {@link #readdir} and {@link #releasedir}
     */
    default OpenFile opendir(Request req, String path, int flags) {
        return OpenFile.of(0);
    }

    /**
     * Lists a directory ({@code FUSE_READDIR}, {@code FUSE_READDIRPLUS}). The library calls it
     * when a directory is read from its start and serves the following chunks, and their offsets,
     * from the list returned; it adds "." and ".." itself. Give attributes with the entries
     * ({@link DirectoryEntry#of(String, Attr)}) to answer {@code ls -l} without a
     * {@link #getattr} per name. Errors: {@code ENOTDIR}, {@code ENOENT}, {@code EACCES}.
     *
     * @param req  the request
     * @param path the directory's path
     * @param fh   the handle returned by {@link #opendir}
     * @return the names in the directory, in the order to list them
     */
    default List<DirectoryEntry> readdir(Request req, String path, long fh) {
        return unsupported();
    }

    /**
     * Called once when an open directory is closed for the last time ({@code FUSE_RELEASEDIR}).
     * The default does nothing.
     *
     * @param req  the request
     * @param path the directory's path
     * @param fh   the handle returned by {@link #opendir}
     */
    default void releasedir(Request req, String path, long fh) {
    }

    /**
     * Returns filesystem statistics ({@code FUSE_STATFS}) for {@code statfs(2)} and {@code df}.
     * The default answers {@link StatFs#EMPTY}.
     *
     * @param req  the request
     * @param path a path of the filesystem (usually "/")
     * @return the statistics
     */
    default StatFs statfs(Request req, String path) {
        return StatFs.EMPTY;
    }

    /**
     * Checks access permissions ({@code FUSE_ACCESS}) for {@code access(2)} and {@code chdir(2)},
     * unless the mount uses {@code default_permissions}. An {@code ENOSYS} answer (the default) is
     * remembered: the kernel then grants every check. Errors: {@code EACCES}, {@code EROFS}.
     *
     * @param req  the request
     * @param path the path
     * @param mask {@code R_OK} (4), {@code W_OK} (2), {@code X_OK} (1) or {@code F_OK} (0)
     */
    default void access(Request req, String path, int mask) {
        unsupported();
    }

    /**
     * Sets an extended attribute ({@code FUSE_SETXATTR}). Errors: {@code EEXIST},
     * {@code ENODATA}, {@code ENOSPC}, {@code EOPNOTSUPP}, {@code EPERM}. An {@code ENOSYS} answer
     * (the default) is remembered: every xattr call then fails with {@code EOPNOTSUPP}.
     *
     * @param req   the request
     * @param path  the path
     * @param name  the attribute's full name, e.g. "user.comment"
     * @param value the value; a read-only slice of the request buffer, valid only during the call
     * @param flags {@code XATTR_CREATE} (1), {@code XATTR_REPLACE} (2) or 0
     */
    default void setxattr(Request req, String path, String name, MemorySegment value, int flags) {
        unsupported();
    }

    /**
     * Returns the value of an extended attribute ({@code FUSE_GETXATTR}); the library's session
     * answers size probes and {@code ERANGE}. Errors: {@code ENODATA}, {@code EOPNOTSUPP}.
     *
     * @param req  the request
     * @param path the path
     * @param name the attribute's full name
     * @return the value
     */
    default byte[] getxattr(Request req, String path, String name) {
        return unsupported();
    }

    /**
     * Lists the names of a file's extended attributes ({@code FUSE_LISTXATTR}).
     *
     * @param req  the request
     * @param path the path
     * @return the full names
     */
    default List<String> listxattr(Request req, String path) {
        return unsupported();
    }

    /**
     * Removes an extended attribute ({@code FUSE_REMOVEXATTR}). Errors: {@code ENODATA},
     * {@code EOPNOTSUPP}, {@code EPERM}.
     *
     * @param req  the request
     * @param path the path
     * @param name the attribute's full name
     */
    default void removexattr(Request req, String path, String name) {
        unsupported();
    }
}
