package dev.panamafuse.mount;

import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.OpenFile;


/**
 * Kernel passthrough ({@code FUSE_PASSTHROUGH}, protocol 7.40): an open file of another
 * filesystem registered with the kernel as the backing file of FUSE files, so that their reads,
 * writes and mappings go from the kernel straight to it and never reach user space.
 *
 * <p>A filesystem gets this object from {@link ConnectionInfo#backingFiles()} in
 * {@link FileSystem#init(ConnectionInfo)}. It is {@linkplain #available() available} when the mount
 * asked for {@link Capability#PASSTHROUGH} (or the filesystem listed it in
 * {@link FileSystem#capabilities()}), the kernel offered it and writeback caching is off. Then
 * {@code open} and {@code create} may answer with {@link OpenFile#passthrough(long, int)}:
 *
 * <pre>{@code
 * int id = backing.open(fd);              // once per inode while it has open files
 * return OpenFile.passthrough(fh, id);    // every open of that inode uses the same id
 * ...
 * backing.close(id);                      // in release, after the last open file of the inode
 * }</pre>
 *
 * <p>The kernel holds the file open itself from {@code open} until {@code close}, and reopens it
 * with each FUSE file's flags and the credentials of the process that registered it, so the
 * descriptor may be closed right after {@link #open(int)}. While an inode has a passthrough file
 * open, every other open of it must use the same backing id and must itself be a passthrough
 * open, and while it is open without passthrough (through the page cache) it cannot be opened
 * with it: the kernel fails such an open after the filesystem answered it (the application
 * gets {@code EIO}). So decide per inode, not per open.
 *
 * <p>Registering needs {@code CAP_SYS_ADMIN} in the initial user namespace: an unprivileged mount
 * gets {@code EPERM} from {@link #open(int)} and should answer without passthrough.
 */
public interface BackingFiles {


    /**
     * Whether passthrough was agreed in {@code FUSE_INIT}. When false, {@link #open(int)} fails
     * with {@code EOPNOTSUPP}.
     *
     * @return true if backing files may be registered
     */
    boolean available();

    /**
     * Registers an open file as a backing file ({@code FUSE_DEV_IOC_BACKING_OPEN}).
     *
     * @param fd an open descriptor of a regular file on another filesystem (not a FUSE file of
     *           this mount); an {@code O_PATH} descriptor is accepted
     * @return the backing id (positive) for {@link OpenFile#passthrough(long, int)}
     * @throws FuseException {@code EOPNOTSUPP} when passthrough is not {@linkplain #available()
     *         available}; {@code EPERM} without {@code CAP_SYS_ADMIN}; {@code ELOOP} when the file
     *         sits on a stacked filesystem too deep for this mount; {@code EBADF} for a bad
     *         descriptor; {@code EINVAL} for a file that cannot back FUSE files
     */
    int open(int fd);

    /**
     * Drops a backing id ({@code FUSE_DEV_IOC_BACKING_CLOSE}). FUSE files already open on it keep
     * working; new opens can no longer name it.
     *
     * @param backingId an id returned by {@link #open(int)}
     * @throws FuseException {@code ENOENT} for an unknown id; {@code EOPNOTSUPP} when passthrough
     *         is not available
     */
    void close(int backingId);
}
