package dev.panamafuse.benchmarks.peers;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.cryptomator.jfuse.api.DirFiller;
import org.cryptomator.jfuse.api.Errno;
import org.cryptomator.jfuse.api.FileInfo;
import org.cryptomator.jfuse.api.FuseConfig;
import org.cryptomator.jfuse.api.FuseConnInfo;
import org.cryptomator.jfuse.api.FuseOperations;
import org.cryptomator.jfuse.api.Stat;
import org.cryptomator.jfuse.api.Statvfs;
import org.cryptomator.jfuse.api.TimeSpec;

/**
 * A {@link PathTree} as jfuse's {@link FuseOperations}: each callback converts jfuse's types and
 * calls the tree (the callbacks stand in the order of libfuse3's {@code struct fuse_operations}).
 * Operations not listed in {@link #supportedOperations()} are not bound, so libfuse answers them
 * with ENOSYS. jfuse's {@code Stat} carries no inode or block count and its {@code Statvfs} no
 * file counts, so those stay 0 here ({@code df -i} shows none).
 *
 * @param tree  the tree served
 * @param errno jfuse's errno values for this platform, as {@link FuseOperations#errno()} answers
 */
record JfuseAdapter(PathTree tree, Errno errno) implements FuseOperations {
    /** The largest write libfuse3 can take (its buffer is 256 pages): 1 MiB. */
    static final int MAX_WRITE = 1 << 20;

    private static final Set<Operation> OPERATIONS = EnumSet.of(Operation.INIT, Operation.GET_ATTR,
            Operation.MKDIR, Operation.UNLINK, Operation.RMDIR, Operation.RENAME, Operation.CHMOD, Operation.CHOWN,
            Operation.TRUNCATE, Operation.UTIMENS, Operation.CREATE, Operation.OPEN, Operation.READ, Operation.WRITE,
            Operation.FLUSH, Operation.FSYNC, Operation.RELEASE, Operation.OPEN_DIR, Operation.READ_DIR,
            Operation.RELEASE_DIR, Operation.STATFS);

    @Override
    public Set<Operation> supportedOperations() {
        return OPERATIONS;
    }

    @Override
    public void init(FuseConnInfo conn, FuseConfig cfg) {
        conn.setMaxWrite(MAX_WRITE);
    }

    @Override
    public int getattr(String path, Stat stat, FileInfo fi) {
        NodeStat a = tree.stat(path);
        if (a == null) {
            return -errno.enoent();
        }
        stat.setMode(a.mode());
        stat.setNLink((short) a.nlink());
        stat.setUid(a.uid());
        stat.setGid(a.gid());
        stat.setSize(a.size());
        stat.aTime().set(instant(a.atimeNs()));
        stat.mTime().set(instant(a.mtimeNs()));
        stat.cTime().set(instant(a.ctimeNs()));
        return 0;
    }

    @Override
    public int mkdir(String path, int mode) {
        return tree.mkdir(path, mode);
    }

    @Override
    public int unlink(String path) {
        return tree.unlink(path);
    }

    @Override
    public int rmdir(String path) {
        return tree.rmdir(path);
    }

    @Override
    public int rename(String oldpath, String newpath, int flags) {
        return tree.rename(oldpath, newpath, flags);
    }

    @Override
    public int chmod(String path, int mode, FileInfo fi) {
        return tree.chmod(path, mode);
    }

    @Override
    public int chown(String path, int uid, int gid, FileInfo fi) {
        return tree.chown(path, uid, gid);
    }

    @Override
    public int truncate(String path, long size, FileInfo fi) {
        return tree.truncate(path, size);
    }

    @Override
    public int open(String path, FileInfo fi) {
        return tree.open(path, fi.getFlags());
    }

    @Override
    public int read(String path, ByteBuffer buf, long size, long offset, FileInfo fi) {
        MemorySegment memory = MemorySegment.ofBuffer(buf);
        return tree.read(path, offset, (int) size,
                ReadTarget.of((at, length) -> memory.asSlice(at, length).fill((byte) 0), buf::put));
    }

    @Override
    public int write(String path, ByteBuffer buf, long size, long offset, FileInfo fi) {
        return tree.write(path, offset, (int) size, (at, dst, to, length) -> buf.get(at, dst, to, length));
    }

    @Override
    public int statfs(String path, Statvfs statvfs) {
        FsStats s = tree.statfs();
        statvfs.setBsize(s.blockSize());
        statvfs.setFrsize(s.blockSize());
        statvfs.setBlocks(s.blocks());
        statvfs.setBfree(s.freeBlocks());
        statvfs.setBavail(s.freeBlocks());
        statvfs.setNameMax(s.nameMax());
        return 0;
    }

    @Override
    public int flush(String path, FileInfo fi) {
        return 0;
    }

    @Override
    public int release(String path, FileInfo fi) {
        return 0;
    }

    @Override
    public int fsync(String path, int datasync, FileInfo fi) {
        return 0;
    }

    @Override
    public int opendir(String path, FileInfo fi) {
        return tree.openDirectory(path);
    }

    @Override
    public int readdir(String path, DirFiller filler, long offset, FileInfo fi, int flags) {
        return tree.readdir(path, name -> fill(filler, name));
    }

    @Override
    public int releasedir(String path, FileInfo fi) {
        return 0;
    }

    @Override
    public int create(String path, int mode, FileInfo fi) {
        return tree.create(path, mode, fi.getFlags());
    }

    @Override
    public int utimens(String path, TimeSpec atime, TimeSpec mtime, FileInfo fi) {
        return tree.utimens(path, nanos(atime), nanos(mtime));
    }

    /** Hands one name to libfuse; false once its reply buffer is full (libfuse sends what it has). */
    private static boolean fill(DirFiller filler, String name) {
        try {
            filler.fill(name);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static long nanos(TimeSpec t) {
        if (t.isUtimeOmit()) {
            return PathTree.TIME_OMIT;
        }
        if (t.isUtimeNow()) {
            return PathTree.TIME_NOW;
        }
        Instant i = t.get();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
