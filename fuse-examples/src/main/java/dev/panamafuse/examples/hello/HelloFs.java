package dev.panamafuse.examples.hello;

import dev.panamafuse.Attr;
import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.StatFs;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The smallest useful filesystem: a read-only root directory holding one file, {@code hello},
 * whose contents are {@code "Hello, World!\n"} (mode 0444). Files and the root are owned by the
 * user that created the filesystem object.
 */
public final class HelloFs implements FileSystem {
    /** The name of the one file. */
    public static final String NAME = "hello";
    /** Its contents. */
    public static final byte[] CONTENTS = "Hello, World!\n".getBytes(StandardCharsets.US_ASCII);

    private static final long FILE_INO = 2;
    private static final int O_ACCMODE = 3;
    private static final int O_RDONLY = 0;

    private final Attr root;
    private final Attr file;

    /** A filesystem owned by the current process's user and group, timestamped now. */
    public HelloFs() {
        this(processId("unix:uid"), processId("unix:gid"), Instant.now());
    }

    /**
     * A filesystem with explicit owner and time.
     *
     * @param uid  owner of the root and the file
     * @param gid  group of the root and the file
     * @param time their access, modification and change time
     */
    public HelloFs(int uid, int gid, Instant time) {
        this.root = Attr.of(ROOT, Mode.S_IFDIR | 0755, 2, uid, gid, 0, time);
        this.file = Attr.of(FILE_INO, Mode.S_IFREG | 0444, 1, uid, gid, CONTENTS.length, time);
    }

    @Override
    public Entry lookup(Request req, long parent, String name) {
        if (parent == ROOT && NAME.equals(name)) {
            return Entry.of(file);
        }
        throw new FuseException(Errno.ENOENT);
    }

    @Override
    public Attr getattr(Request req, long nodeid, long fh) {
        return attr(nodeid);
    }

    @Override
    public OpenFile opendir(Request req, long nodeid, int flags) {
        if (nodeid != ROOT) {
            throw new FuseException(attr(nodeid) == file ? Errno.ENOTDIR : Errno.ENOENT);
        }
        return OpenFile.of(0);
    }

    @Override
    public void readdir(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
        if (nodeid != ROOT) {
            throw new FuseException(Errno.ENOTDIR);
        }
        if (offset < 1 && !filler.add(".", ROOT, root.mode(), 1)) {
            return;
        }
        if (offset < 2 && !filler.add("..", ROOT, root.mode(), 2)) {
            return;
        }
        if (offset < 3) {
            filler.add(NAME, FILE_INO, file.mode(), 3);
        }
    }

    @Override
    public OpenFile open(Request req, long nodeid, int flags) {
        if (attr(nodeid) != file) {
            throw new FuseException(Errno.EISDIR);
        }
        if ((flags & O_ACCMODE) != O_RDONLY) {
            throw new FuseException(Errno.EACCES);
        }
        return OpenFile.of(0, OpenFile.KEEP_CACHE);
    }

    @Override
    public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        if (offset >= CONTENTS.length) {
            return 0;
        }
        int n = (int) Math.min(dest.byteSize(), CONTENTS.length - offset);
        MemorySegment.copy(MemorySegment.ofArray(CONTENTS), offset, dest, 0, n);
        return n;
    }

    @Override
    public void access(Request req, long nodeid, int mask) {
        Attr a = attr(nodeid);
        if ((mask & 2) != 0) {
            throw new FuseException(Errno.EACCES);
        }
        if ((mask & 1) != 0 && a == file) {
            throw new FuseException(Errno.EACCES);
        }
    }

    @Override
    public StatFs statfs(Request req, long nodeid) {
        return new StatFs(1, 0, 0, 2, 0, 4096, 255, 4096);
    }

    private Attr attr(long nodeid) {
        if (nodeid == ROOT) {
            return root;
        }
        if (nodeid == FILE_INO) {
            return file;
        }
        throw new FuseException(Errno.ENOENT);
    }

    /** The user or group id of this process ({@code unix:uid}, {@code unix:gid}), or 0 when unknown. */
    private static int processId(String attribute) {
        try {
            return (Integer) java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), attribute);
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return 0;
        }
    }
}
