package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The files and directories the kernel has open, by file handle: each open of the client is one
 * open of the source file (its own open file description), whose descriptor the table keeps
 * until {@code release}. This is where per-open state lives, such as a directory's read position
 * and the kernel passthrough backing id it was answered with.
 */
final class OpenFiles {

    /**
     * One open file.
     *
     * @param fh    the handle the kernel was given
     * @param inode the node opened
     * @param fd    the source descriptor of this open
     * @param flags the flags it was opened with
     * @param dir   the read state of a directory, else null
     * @param backingId the kernel passthrough backing id it was opened with, else 0
     */
    record Handle(long fh, Inode inode, int fd, int flags, DirStream dir, int backingId) {
    }

    private final Map<Long, Handle> handles = new ConcurrentHashMap<>();
    private final AtomicLong nextFh = new AtomicLong(1);

    /** Registers an open descriptor and returns its handle. */
    Handle add(Inode inode, int fd, int flags, DirStream dir, int backingId) {
        Handle h = new Handle(nextFh.getAndIncrement(), inode, fd, flags, dir, backingId);
        if (dir == null) {
            inode.fileOpens.incrementAndGet();
        }
        handles.put(h.fh(), h);
        return h;
    }

    /**
     * The open file of a handle.
     *
     * @throws FuseException {@code EBADF} for an unknown handle
     */
    Handle get(long fh) {
        Handle h = handles.get(fh);
        if (h == null) {
            throw new FuseException(Errno.EBADF);
        }
        return h;
    }

    /** The open file of a handle, or null when unknown (e.g. {@code FileSystem.NO_FH}). */
    Handle find(long fh) {
        return handles.get(fh);
    }

    /**
     * Forgets a handle and closes its descriptor (and directory buffer).
     *
     * @return the handle, or null when unknown
     */
    Handle close(long fh) {
        Handle h = handles.remove(fh);
        if (h != null) {
            release(h);
        }
        return h;
    }

    /** How many opens are held. */
    int size() {
        return handles.size();
    }

    /** Closes every open file. */
    void closeAll() {
        List<Handle> all = new ArrayList<>(handles.values());
        handles.clear();
        all.forEach(OpenFiles::release);
    }

    private static void release(Handle h) {
        if (h.dir() != null) {
            h.dir().close();
        } else {
            h.inode().fileOpens.decrementAndGet();
        }
        SourceCalls.closeQuietly(h.fd());
    }
}
