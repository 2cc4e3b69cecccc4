package dev.panamafuse.nio;

import dev.panamafuse.Errno;
import dev.panamafuse.path.PathFileSystem;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;

/**
 * Serves any {@code java.nio.file} tree through FUSE: a directory of the default filesystem, the
 * inside of a zip or jar archive (the JDK's zip filesystem), or a path of any other provider.
 * It builds a {@link PathFileSystem}; mount it with
 * {@code Fuse.mount(dir, PathFileSystem.toFileSystem(NioFileSystem.of(root)), options)}.
 *
 * <ul>
 *   <li>Changes (write, create, mkdir, unlink, rename, chmod, truncate, ...) are made through
 *       {@code java.nio.file}; on a read-only tree they fail with {@code EROFS}. A tree is
 *       read-only by {@link Builder#readOnly}, by default when its provider is not the default
 *       filesystem (opting in has caveats, listed there), or because the provider or its file
 *       store is read-only. Exceptions become errnos through {@link Errno#of}.</li>
 *   <li>Attributes come from the {@code unix} view where there is one (the default provider:
 *       exact mode, inode number, links, owner), else from {@code posix} or {@code basic}
 *       attributes with defaults: the configured owner (by default the mounting user), 0755 for
 *       directories and 0644 for files, 0555 and 0444 when read-only; a zip entry's stored Unix
 *       permissions are shown when the archive has them.</li>
 *   <li>New entries on a provider with numeric owners belong to the requester (its uid and gid,
 *       or the group of a set-group-id parent) when the daemon runs as root, with exactly the
 *       mode the kernel sent.</li>
 *   <li>Reads: the default provider's files are read at offsets through a {@code FileChannel}.
 *       A read-only open of another provider's file (a compressed zip entry) reads its stream
 *       forward in 256 KiB chunks kept in one least-recently-used cache shared by all open files,
 *       of at most {@link Builder#cacheSize} bytes in all: random reads of an entry that fits are
 *       served from memory, also for later opens of the same entry; reads of chunks no longer
 *       cached, before the open file's stream position, start its stream again.</li>
 *   <li>Renames on the default provider are {@code rename(2)}: atomic, and {@code EXDEV}
 *       across file systems (never a copy). Other providers' renames are not atomic and refuse
 *       non-empty directories with {@code EXDEV} (see {@link Builder#readOnly}).</li>
 *   <li>Open files of the default provider answer {@code fstat} and {@code ftruncate} through
 *       their handle also after being unlinked or renamed over: the attributes recorded at open
 *       (or last seen while the path still named the file), the open channel's size,
 *       {@code nlink} 0.</li>
 *   <li>Names of the default provider go through the JVM's {@code sun.jnu.encoding}: run it with
 *       a UTF-8 locale ({@code LANG=C.UTF-8}); otherwise a warning is logged, names that are not
 *       ASCII are mangled, and listings leave out names that would not lead back to their
 *       entry.</li>
 *   <li>Not supported: special files (mknod of a FIFO or device: {@code EPERM}),
 *       {@code RENAME_EXCHANGE} and {@code RENAME_WHITEOUT} ({@code EINVAL}), extended
 *       attributes, locks; the mount options {@code atomic_o_trunc} ({@code open} does not
 *       truncate on {@code O_TRUNC}) and {@code writeback_cache} (the kernel would read through
 *       write-only opens, which the bridge cannot serve). {@code access} checks only existence
 *       and, for {@code W_OK}, {@code EROFS}: mount with {@code default_permissions} to have the
 *       kernel check permissions.</li>
 *   <li>Symbolic links inside the tree are followed as by any {@code java.nio.file} program:
 *       there is no confinement like {@code openat2}'s {@code RESOLVE_BENEATH}, so a link
 *       swapped in behind the kernel's back can lead an operation outside the tree. A daemon
 *       running as root with {@code allow_other} over a tree that untrusted users can change
 *       should use the examples' {@code PassthroughFs}, which never follows a link.</li>
 * </ul>
 */
public final class NioFileSystem {
    /** The default {@link Builder#cacheSize}: 64 MiB for all open files together. */
    public static final long DEFAULT_CACHE_SIZE = 64L << 20;

    private NioFileSystem() {
    }

    /**
     * A filesystem serving the tree under {@code root}: read-write (where its files allow) on the
     * default filesystem, read-only on any other provider (see {@link Builder#readOnly}).
     *
     * @param root an existing directory of any provider, e.g. {@code zipFs.getPath("/")}
     * @return the path filesystem
     * @throws IOException when {@code root} does not exist or is not a directory
     */
    public static PathFileSystem of(Path root) throws IOException {
        return builder(root).build();
    }

    /**
     * A filesystem serving a whole {@link java.nio.file.FileSystem} (a zip archive opened with
     * {@code FileSystems.newFileSystem}, an in-memory filesystem, ...) from its first root
     * directory, read-only unless it is the default filesystem (see {@link Builder#readOnly}).
     * Closing {@code fs} is the caller's job,
     * after unmounting.
     *
     * @param fs an open filesystem with at least one root directory
     * @return the path filesystem
     * @throws IOException when its root cannot be read
     * @throws IllegalArgumentException when it has no root directory
     */
    public static PathFileSystem of(java.nio.file.FileSystem fs) throws IOException {
        Iterator<Path> roots = fs.getRootDirectories().iterator();
        if (!roots.hasNext()) {
            throw new IllegalArgumentException("the filesystem " + fs + " has no root directory");
        }
        return of(roots.next());
    }

    /**
     * Starts a configuration for the tree under {@code root}.
     *
     * @param root an existing directory of any provider
     * @return a builder with the defaults: read-write on the default filesystem and read-only
     *         elsewhere, owned by the mounting user,
     *         {@link #DEFAULT_CACHE_SIZE}
     */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** The options of a {@link NioFileSystem}. */
    public static final class Builder {
        private final Path root;
        /** Null until {@link #readOnly} is called: then the provider decides. */
        private Boolean readOnly;
        private int uid = self("unix:uid");
        private int gid = self("unix:gid");
        private long cacheSize = DEFAULT_CACHE_SIZE;

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        private static int self(String attribute) {
            try {
                return (Integer) Files.getAttribute(Path.of("/proc/self"), attribute);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /**
         * Whether every change is refused with {@code EROFS}. Without this call a tree of the
         * default filesystem is read-write (where its files and store allow) and a tree of any
         * other provider is read-only.
         *
         * <p>{@code readOnly(false)} on a tree of another provider (a zip archive opened
         * read-write, an in-memory filesystem) opts in to changing it through that provider,
         * whose semantics are weaker than a local filesystem's:
         * <ul>
         *   <li>renames are not atomic: an existing target is checked, deleted, then replaced,
         *       and a failed move leaves it deleted; a non-empty directory is not renamed at all
         *       ({@code EXDEV}, so {@code mv} copies it file by file);</li>
         *   <li>files opened for writing use the provider's {@code FileChannel} where it has
         *       one; the zip filesystem's works on a temporary copy of the entry that replaces
         *       the entry when it is closed, so other opens see the change only after that;</li>
         *   <li>the zip filesystem writes the archive only when it is closed (after unmounting):
         *       a crash or a full disk then loses every change, possibly the archive.</li>
         * </ul>
         * A provider or file store that is itself read-only stays read-only whatever this says.
         *
         * @param readOnly true to refuse every change; false to allow changes, also on a
         *                 provider other than the default filesystem
         * @return this builder
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * The owner shown for files of providers that keep no numeric owners (zip archives);
         * the default is the user and group of this process.
         *
         * @param uid the user id, not negative
         * @param gid the group id, not negative
         * @return this builder
         */
        public Builder owner(int uid, int gid) {
            if (uid < 0 || gid < 0) {
                throw new IllegalArgumentException("owner uid and gid must not be negative: " + uid + ", " + gid);
            }
            this.uid = uid;
            this.gid = gid;
            return this;
        }

        /**
         * The most bytes that the open files of a provider read as streams (zip entries) keep
         * in memory together: one least-recently-used cache of 256 KiB chunks per filesystem,
         * keyed by file and offset, so however many files are open the inflated data stays
         * within this budget, and a file opened again reuses the chunks still cached. Each chunk
         * counts 128 bytes besides its data; at least two chunks are kept, whatever the budget.
         * Files of the default filesystem are not cached (the kernel's page cache serves them).
         * See {@link NioFileSystem}.
         *
         * @param bytes the cache size, at least 0
         * @return this builder
         */
        public Builder cacheSize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("cache size must not be negative: " + bytes);
            }
            this.cacheSize = bytes;
            return this;
        }

        /**
         * Builds the filesystem.
         *
         * @return the path filesystem
         * @throws IOException when the root does not exist ({@code NoSuchFileException}) or is
         *                     not a directory ({@code NotDirectoryException})
         */
        public PathFileSystem build() throws IOException {
            boolean refuse = readOnly != null ? readOnly : root.getFileSystem() != FileSystems.getDefault();
            return new NioPathFs(root, refuse, uid, gid, cacheSize);
        }
    }
}
