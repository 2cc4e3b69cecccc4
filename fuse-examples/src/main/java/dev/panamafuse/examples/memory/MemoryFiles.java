package dev.panamafuse.examples.memory;

import dev.panamafuse.CreatedFile;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Instant;

/**
 * The open files of a {@link MemoryFs}: open (with {@code O_TRUNC}), create, tmpfile, read
 * (zero-copy from the pages, or from one shared segment of zeros for a zero file), write,
 * flush and release, fallocate (allocate, punch hole, zero range), lseek with
 * {@code SEEK_DATA}/{@code SEEK_HOLE}, and copy_file_range. Each method is the
 * {@link FileSystem} operation of the same name, with its contract and errors.
 *
 * @param tree the inode table, space and lock it works on
 */
record MemoryFiles(MemoryTree tree) {
    /** What reads of a zero file send: 1 MiB of zeros, never written, shared by every read. */
    private static final MemorySegment ZEROS = Arena.global().allocate(1 << 20);
    private static final int FALLOC_FL_KEEP_SIZE = 0x01;
    private static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    private static final int FALLOC_FL_ZERO_RANGE = 0x10;
    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final int WRITE_KILL_SUIDGID = 4;
    private static final int WRITE_CACHE = 1;
    private static final int O_EXCL = 0200;
    private static final int O_ACCMODE = 3;
    private static final int O_TRUNC = 01000;

    OpenFile open(Request req, long nodeid, int flags) {
        try (var l = tree.write()) {
            MemoryNode n = tree.node(nodeid);
            if (n.isDir()) {
                throw new FuseException(Errno.EISDIR);
            }
            if (n.zeroSize >= 0 && (flags & O_ACCMODE) != 0) {
                throw new FuseException(Errno.EACCES, "the zero file is read-only");
            }
            if ((flags & O_TRUNC) != 0 && n.data != null) {
                n.data.truncate(0);
                n.modified(Instant.now());
                if (req.uid() != 0) {
                    n.killSuidGid(req);
                }
            }
            n.opens++;
            return OpenFile.of(nodeid);
        }
    }

    CreatedFile create(Request req, long parent, String name, int mode, int umask, int flags) {
        try (var l = tree.write()) {
            MemoryNode existing = tree.directory(parent).dir.get(name);
            MemoryNode n;
            if (existing != null && (flags & O_EXCL) == 0) {
                // another process created it since the kernel's lookup: open it, as open(O_CREAT) does
                if (existing.isDir()) {
                    throw new FuseException(Errno.EISDIR);
                }
                n = existing;
                if ((flags & O_TRUNC) != 0 && n.data != null && n.data.size() != 0) {
                    n.data.truncate(0);
                    n.modified(Instant.now());
                }
            } else {
                n = tree.create(req, parent, name, Mode.S_IFREG | (mode & Mode.PERMISSIONS), 0);
            }
            n.opens++;
            return new CreatedFile(tree.entry(n), OpenFile.of(n.ino));
        }
    }

    CreatedFile tmpfile(Request req, long parent, int mode, int umask, int flags) {
        try (var l = tree.write()) {
            MemoryNode dir = tree.directory(parent);
            MemoryNode n = tree.newNode(req, dir, Mode.S_IFREG | (mode & Mode.PERMISSIONS), 0);
            n.nlink = 0;
            n.opens++;
            return new CreatedFile(tree.entry(n), OpenFile.of(n.ino));
        }
    }

    MemorySegment readSegment(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        try (var l = tree.read()) {
            MemoryNode n = tree.node(nodeid);
            if (n.zeroSize >= 0) {
                long count = Math.max(0, Math.min(dest.byteSize(), n.zeroSize - offset));
                return count <= ZEROS.byteSize() ? ZEROS.asSlice(0, count) : dest.asSlice(0, count).fill((byte) 0);
            }
            tree.regular(n);
            int count = n.data.read(offset, dest);
            n.accessed(Instant.now());
            return dest.asSlice(0, count);
        }
    }

    int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        MemorySegment data = readSegment(req, nodeid, fh, offset, dest);
        if (data.address() != dest.address()) {
            MemorySegment.copy(data, 0, dest, 0, data.byteSize());
        }
        return (int) data.byteSize();
    }

    int write(Request req, long nodeid, long fh, long offset, MemorySegment data, int writeFlags) {
        try (var l = tree.write()) {
            MemoryNode n = tree.regular(nodeid);
            int count = n.data.write(offset, data);
            if ((writeFlags & WRITE_KILL_SUIDGID) != 0 || (req.uid() != 0 && (writeFlags & WRITE_CACHE) == 0)) {
                n.killSuidGid(req);
            }
            n.modified(Instant.now());
            return count;
        }
    }

    void flush(Request req, long nodeid, long fh, long lockOwner) {
        tree.locks.releasePosix(nodeid, lockOwner);
    }

    void release(Request req, long nodeid, long fh, int flags) {
        try (var l = tree.write()) {
            MemoryNode n = tree.nodes.get(nodeid);
            if (n != null) {
                n.opens--;
                tree.freeIfUnreferenced(n);
            }
        }
    }

    void fallocate(Request req, long nodeid, long fh, int mode, long offset, long length) {
        if ((mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE)) != 0
                || ((mode & FALLOC_FL_PUNCH_HOLE) != 0 && (mode & FALLOC_FL_ZERO_RANGE) != 0)) {
            throw new FuseException(Errno.EOPNOTSUPP);
        }
        if (offset < 0 || length <= 0) {
            throw new FuseException(Errno.EINVAL);
        }
        boolean keepSize = (mode & FALLOC_FL_KEEP_SIZE) != 0;
        try (var l = tree.write()) {
            MemoryNode n = tree.regular(nodeid);
            Instant now = Instant.now();
            if ((mode & FALLOC_FL_PUNCH_HOLE) != 0) {
                if (!keepSize) {
                    throw new FuseException(Errno.EOPNOTSUPP);
                }
                n.data.punchHole(offset, length);
                n.modified(now);
            } else if ((mode & FALLOC_FL_ZERO_RANGE) != 0) {
                n.data.zeroRange(offset, length, keepSize);
                n.modified(now);
            } else {
                long before = n.data.size();
                n.data.allocate(offset, length, keepSize);
                if (n.data.size() != before) {
                    n.modified(now);
                } else {
                    n.changed(now);
                }
            }
        }
    }

    long lseek(Request req, long nodeid, long fh, long offset, int whence) {
        try (var l = tree.read()) {
            MemoryNode n = tree.regular(nodeid);
            return switch (whence) {
                case SEEK_DATA -> n.data.seekData(offset);
                case SEEK_HOLE -> n.data.seekHole(offset);
                case SEEK_SET, SEEK_CUR -> offset;
                case SEEK_END -> n.data.size() + offset;
                default -> throw new FuseException(Errno.EINVAL);
            };
        }
    }

    long copyFileRange(Request req, long nodeidIn, long fhIn, long offsetIn, long nodeidOut, long fhOut,
                              long offsetOut, long length, int flags) {
        if (flags != 0) {
            throw new FuseException(Errno.EINVAL);
        }
        try (var l = tree.write()) {
            MemoryNode in = tree.regular(nodeidIn);
            MemoryNode out = tree.regular(nodeidOut);
            if (in == out && offsetIn < offsetOut + length && offsetOut < offsetIn + length) {
                throw new FuseException(Errno.EINVAL);
            }
            long copied = in.data.copyTo(offsetIn, out.data, offsetOut, length);
            Instant now = Instant.now();
            if (copied > 0) {
                out.modified(now);
            }
            in.accessed(now);
            return copied;
        }
    }
}
