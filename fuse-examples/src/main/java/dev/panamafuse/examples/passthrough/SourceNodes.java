package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Attr;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.examples.passthrough.OpenFiles.Handle;
import dev.panamafuse.ffm.posix.StatxResult;

/**
 * What the operations of {@link PassthroughFs} share: the inode table, the open files, the
 * containment check and kernel passthrough, and the lookups every operation starts with (a node
 * still inside the source, a directory, an open file) and ends with (registering a descriptor as
 * a lookup).
 *
 * @param inodes      the nodes the kernel knows
 * @param files       the opens of files and directories
 * @param containment the check that a node is still inside the source
 * @param backing     kernel passthrough
 * @param daemonUid   the daemon's effective uid: entries it made and has not yet given away are
 *                    owned by it
 */
record SourceNodes(InodeTable inodes, OpenFiles files, Containment containment, KernelPassthrough backing,
        int daemonUid) {
    /** Registers an {@code O_PATH} descriptor as a lookup of its file (closing it on failure). */
    Entry register(int fd) {
        Attr a;
        long dev;
        try {
            StatxResult s = SourceAttributes.statx(fd, 0, StatxResult.STATX_BASIC_STATS);
            a = SourceAttributes.attr(s);
            dev = s.dev();
        } catch (RuntimeException e) {
            SourceCalls.closeQuietly(fd);
            throw e;
        }
        Inode n = inodes.add(fd, dev, a.ino(), Mode.type(a.mode()));
        return new Entry(n.nodeid, 0, a, null, null);
    }

    /**
     * The node of a node id, still inside the source ({@link Containment}).
     *
     * @throws FuseException {@code ESTALE} when the kernel names a node it forgot, or one whose
     *                       file was moved out of the source
     */
    Inode node(long nodeid) {
        Inode n = inodes.get(nodeid);
        containment.check(n);
        return n;
    }

    /**
     * The node whose attributes {@code GETATTR} or {@code STATX} reads: like {@link #node}, but
     * a file the kernel holds open is served wherever it is now, since {@code fstat} of an open
     * file reaches the daemon without its handle.
     */
    Inode attributesOf(long nodeid) {
        Inode n = inodes.get(nodeid);
        if (n.fileOpens.get() <= 0) {
            containment.check(n);
        }
        return n;
    }

    /** A directory node, still inside the source. */
    Inode directory(long nodeid) {
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
    Handle openFile(long fh) {
        Handle h = files.find(fh);
        return h != null && h.dir() == null ? h : null;
    }
}
