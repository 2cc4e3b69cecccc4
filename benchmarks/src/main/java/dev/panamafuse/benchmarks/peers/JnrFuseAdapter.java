package dev.panamafuse.benchmarks.peers;

import dev.panamafuse.Errno;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * A {@link PathTree} as a jnr-fuse filesystem: each callback converts jnr-fuse's types and calls
 * the tree (directories first, then other entries, attributes, open files, statfs). Methods not
 * overridden here keep {@link FuseStubFS}'s {@code @NotImplemented} mark, so jnr-fuse leaves them
 * out of {@code fuse_operations} and libfuse answers ENOSYS (libfuse 2 falls back from {@code
 * ftruncate}/{@code fgetattr} to {@code truncate}/{@code getattr}).
 */
final class JnrFuseAdapter extends FuseStubFS {
    private static final long UTIME_NOW = (1L << 30) - 1;
    private static final long UTIME_OMIT = (1L << 30) - 2;
    /** {@code flag_utime_omit_ok}: bit 2 of the flag word that follows {@code bmap}. */
    private static final int UTIME_OMIT_OK = 1 << 2;

    private final PathTree tree;

    /**
     * Loads libfuse 2 and fills {@code fuse_operations}. jnr-fuse maps libfuse 2's flag bit-field
     * as four one-byte paddings, so {@code flag_utime_omit_ok} is set here by hand: without it
     * libfuse 2 drops a setattr that changes only one of atime and mtime ({@code touch -m}).
     */
    JnrFuseAdapter(PathTree tree) {
        this.tree = tree;
        FlagWord.set(fuseOperations.flag_nullpath_ok, UTIME_OMIT_OK);
    }

    /** The program name libfuse 2 sees; also its fallback subtype. */
    @Override
    protected String getFSName() {
        return "jnr-fuse";
    }

    /** Tells jnr-fuse's shutdown hook the mount is gone, so it runs no unmount program at exit. */
    void forgetMount() {
        mounted.set(false);
    }

    @Override
    public int getattr(String path, FileStat stat) {
        NodeStat a = tree.stat(path);
        if (a == null) {
            return -Errno.ENOENT.code();
        }
        stat.st_mode.set(a.mode());
        stat.st_nlink.set(a.nlink());
        stat.st_uid.set(a.uid());
        stat.st_gid.set(a.gid());
        stat.st_size.set(a.size());
        time(stat.st_atim, a.atimeNs());
        time(stat.st_mtim, a.mtimeNs());
        time(stat.st_ctim, a.ctimeNs());
        return 0;
    }

    @Override
    public int mkdir(String path, long mode) {
        return tree.mkdir(path, (int) mode);
    }

    @Override
    public int rmdir(String path) {
        return tree.rmdir(path);
    }

    @Override
    public int opendir(String path, FuseFileInfo fi) {
        return tree.openDirectory(path);
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, long offset, FuseFileInfo fi) {
        return tree.readdir(path, name -> filler.apply(buf, name, null, 0) == 0);
    }

    @Override
    public int releasedir(String path, FuseFileInfo fi) {
        return 0;
    }

    @Override
    public int unlink(String path) {
        return tree.unlink(path);
    }

    @Override
    public int rename(String oldpath, String newpath) {
        return tree.rename(oldpath, newpath, 0);
    }

    @Override
    public int chmod(String path, long mode) {
        return tree.chmod(path, (int) mode);
    }

    @Override
    public int chown(String path, long uid, long gid) {
        return tree.chown(path, (int) uid, (int) gid);
    }

    @Override
    public int truncate(String path, long size) {
        return tree.truncate(path, size);
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        return tree.utimens(path, nanos(timespec[0]), nanos(timespec[1]));
    }

    @Override
    public int create(String path, long mode, FuseFileInfo fi) {
        return tree.create(path, (int) mode, fi.flags.get());
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        return tree.open(path, fi.flags.get());
    }

    @Override
    public int read(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        return tree.read(path, offset, (int) size,
                ReadTarget.of((at, length) -> buf.setMemory(at, length, (byte) 0), buf::put));
    }

    @Override
    public int write(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        return tree.write(path, offset, (int) size, (at, dst, to, length) -> buf.get(at, dst, to, length));
    }

    @Override
    public int flush(String path, FuseFileInfo fi) {
        return 0;
    }

    @Override
    public int fsync(String path, int isdatasync, FuseFileInfo fi) {
        return 0;
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        return 0;
    }

    @Override
    public int statfs(String path, Statvfs stbuf) {
        FsStats s = tree.statfs();
        stbuf.f_bsize.set(s.blockSize());
        stbuf.f_frsize.set(s.blockSize());
        stbuf.f_blocks.set(s.blocks());
        stbuf.f_bfree.set(s.freeBlocks());
        stbuf.f_bavail.set(s.freeBlocks());
        stbuf.f_files.set(s.files());
        stbuf.f_ffree.set(s.freeFiles());
        stbuf.f_favail.set(s.freeFiles());
        stbuf.f_namemax.set(s.nameMax());
        return 0;
    }

    private static void time(Timespec t, long nanos) {
        t.tv_sec.set(Math.floorDiv(nanos, 1_000_000_000L));
        t.tv_nsec.set(Math.floorMod(nanos, 1_000_000_000L));
    }

    private static long nanos(Timespec t) {
        long nsec = t.tv_nsec.longValue();
        if (nsec == UTIME_OMIT) {
            return PathTree.TIME_OMIT;
        }
        if (nsec == UTIME_NOW) {
            return PathTree.TIME_NOW;
        }
        return t.tv_sec.get() * 1_000_000_000L + nsec;
    }

    /**
     * Sets bits in the flag word of {@code fuse_operations}. A {@link Struct} subclass only because
     * jnr-ffi shows member types and offsets to subclasses alone; never instantiated.
     */
    private static final class FlagWord extends Struct {
        private FlagWord() {
            super(jnr.ffi.Runtime.getSystemRuntime());
        }

        /** ORs {@code bits} into the (little-endian) word whose first byte is {@code first}. */
        static void set(Padding first, int bits) {
            jnr.ffi.Pointer memory = first.getMemory();
            memory.putByte(first.offset(), (byte) (memory.getByte(first.offset()) | bits));
        }
    }
}
