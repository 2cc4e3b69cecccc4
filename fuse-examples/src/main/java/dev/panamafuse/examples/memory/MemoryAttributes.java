package dev.panamafuse.examples.memory;

import dev.panamafuse.Attr;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.Request;
import dev.panamafuse.SetAttr;
import dev.panamafuse.StatFs;
import java.time.Instant;

/**
 * The attributes of a {@link MemoryFs}: getattr, setattr (size, mode, owner, times, clearing
 * set-id bits), access, and statfs over the space budget. Each method is the {@link FileSystem}
 * operation of the same name, with its contract and errors.
 *
 * @param tree the inode table, space and lock it works on
 */
record MemoryAttributes(MemoryTree tree) {
    Attr getattr(Request req, long nodeid, long fh) {
        try (var l = tree.read()) {
            return tree.node(nodeid).attr();
        }
    }

    Attr setattr(Request req, long nodeid, SetAttr c) {
        try (var l = tree.write()) {
            MemoryNode n = tree.node(nodeid);
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
                n.killSuidGid();
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

    void access(Request req, long nodeid, int mask) {
        try (var l = tree.read()) {
            MemoryNode n = tree.node(nodeid);
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

    StatFs statfs(Request req, long nodeid) {
        try (var l = tree.read()) {
            long free = tree.space.limitPages() - tree.space.usedPages();
            return new StatFs(tree.space.limitPages(), free, free, tree.maxInodes, Math.max(0, tree.maxInodes - tree.nodes.size()),
                    MemorySpace.PAGE, MemoryTree.NAME_MAX, MemorySpace.PAGE);
        }
    }
}
