package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Attr;
import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.Request;
import dev.panamafuse.SetAttr;
import dev.panamafuse.examples.passthrough.OpenFiles.Handle;
import dev.panamafuse.ffm.posix.AtCalls;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.OpenFlags;
import java.time.Instant;

/**
 * SETATTR, READLINK and ACCESS of {@link PassthroughFs}: owner, mode, size and times changed on
 * the source through the node's descriptor, and the set-user-id and set-group-id bits cleared
 * after a change by someone else, where Linux clears them.
 */
final class AttributeChanges {
    private final SourceNodes nodes;

    AttributeChanges(SourceNodes nodes) {
        this.nodes = nodes;
    }

    Attr setattr(Request req, long nodeid, SetAttr c) {
        // a truncate through an open file (ftruncate) is the open file's, like a write
        Inode n = c.hasFh() && nodes.openFile(c.fh()) != null ? nodes.inodes().get(nodeid) : nodes.node(nodeid);
        if (c.hasUid() || c.hasGid() || !changesMore(c)) {
            // chown(f, -1, -1) arrives as a SETATTR changing nothing; the source's own chown then
            // updates only the ctime, as a local chown does
            int uid = c.hasUid() ? c.uid() : -1;
            int gid = c.hasGid() ? c.gid() : -1;
            SourceCalls.run(() -> AtCalls.fchownat(n.fd, "", uid, gid, SourceAttributes.SELF));
        }
        if (c.hasMode()) {
            chmod(n, c.mode() & Mode.PERMISSIONS);
        }
        if (c.hasSize()) {
            truncate(n, c.hasFh() ? nodes.files().find(c.fh()) : null, c.size());
        }
        if (c.hasAtime() || c.hasMtime()) {
            SourceCalls.run(() -> AtCalls.utimensat(n.fd, "", seconds(c.hasAtime(), c.atimeNow(), c.atime()),
                    nanos(c.hasAtime(), c.atimeNow(), c.atime()), seconds(c.hasMtime(), c.mtimeNow(), c.mtime()),
                    nanos(c.hasMtime(), c.mtimeNow(), c.mtime()), SourceAttributes.SELF));
        }
        if (c.killSuidGid()) {
            Attr a = SourceAttributes.of(n.fd);
            killPrivileges(n, a, a.gid());
        }
        return SourceAttributes.of(n.fd);
    }

    /** Whether the SETATTR changes anything but the owner (the kernel sends ctime only with writeback caching). */
    private static boolean changesMore(SetAttr c) {
        return c.hasMode() || c.hasSize() || c.hasAtime() || c.hasMtime() || c.killSuidGid();
    }

    private static long seconds(boolean set, boolean now, Instant t) {
        return set && !now ? t.getEpochSecond() : 0;
    }

    private static long nanos(boolean set, boolean now, Instant t) {
        return !set ? AtCalls.UTIME_OMIT : now ? AtCalls.UTIME_NOW : t.getNano();
    }

    static void chmod(Inode n, int bits) {
        if (n.isSymlink()) {
            throw new FuseException(Errno.EOPNOTSUPP);
        }
        SourceCalls.run(() -> AtCalls.fchmodat(AtCalls.AT_FDCWD, SourceCalls.procPath(n.fd), bits, 0));
    }

    private static void truncate(Inode n, Handle open, long size) {
        if (open != null && (open.flags() & OpenFlags.O_ACCMODE) != OpenFlags.O_RDONLY) {
            SourceCalls.run(() -> DescriptorCalls.ftruncate(open.fd(), size));
            return;
        }
        if (n.isSymlink()) {
            throw new FuseException(Errno.EINVAL);
        }
        int fd = SourceCalls.reopen(n.fd, OpenFlags.O_WRONLY);
        try {
            SourceCalls.run(() -> DescriptorCalls.ftruncate(fd, size));
        } finally {
            SourceCalls.closeQuietly(fd);
        }
    }

    /** Clears set-user-id (and set-group-id where Linux would) after an unprivileged change. */
    static void killPrivileges(Inode n, Attr a, int writerGid) {
        int mode = a.mode() & Mode.PERMISSIONS;
        int after = Ownership.afterUnprivilegedWrite(mode, a.gid(), writerGid);
        if (after != mode) {
            chmod(n, after);
        }
    }

    String readlink(Request req, long nodeid) {
        Inode n = nodes.node(nodeid);
        return SourceCalls.call(() -> AtCalls.readlinkat(n.fd, ""));
    }

    /** ACCESS: the caller's rights by the source's mode bits, owner and group. */
    void access(Request req, long nodeid, int mask) {
        Attr a = SourceAttributes.of(nodes.node(nodeid).fd);
        if (!Ownership.permits(a, req.uid(), req.gid(), mask)) {
            throw new FuseException(Errno.EACCES);
        }
    }
}
