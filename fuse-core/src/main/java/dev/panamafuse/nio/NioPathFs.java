package dev.panamafuse.nio;

import dev.panamafuse.Attr;
import dev.panamafuse.DirectoryEntry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.SetAttr;
import dev.panamafuse.StatFs;
import dev.panamafuse.path.PathFileSystem;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link PathFileSystem} over a {@link Path} tree of any {@code java.nio.file} provider. Paths
 * of the mount resolve against the root without following links; exceptions become errnos
 * through {@link Errno#of}. Writes fail with {@code EROFS} when the tree is read-only (by option,
 * or because the provider or its store is). Open files are handles of this class ({@link NioOpens}):
 * a {@link FileChannel} for the default provider and for other providers' writable opens where
 * they have one, else the provider's channel, and a cached stream ({@link StreamHandle}) for other
 * read-only opens.
 */
public final class NioPathFs implements PathFileSystem {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final int W_OK = 2;

    private final Path root;
    private final boolean readOnly;
    private final boolean defaultProvider;
    private final NioAttributes attributes;
    private final OpenFiles handles = new OpenFiles();
    private final ChunkCache chunks;
    private final NioOpens opens;
    private final NioSetattr setattrs;

    /**
     * Serves the tree under {@code root}.
     *
     * @param root       an existing directory
     * @param readOnly   refuse every change with {@code EROFS}, whatever the provider allows
     * @param uid        owner reported when the provider has no owners
     * @param gid        group reported when the provider has no owners
     * @param cacheBytes most bytes the open files of a stream-only provider keep read together
     *                   (a {@link ChunkCache}; at least two chunks)
     * @throws IOException when {@code root} is not a readable directory
     * @implNote On the default provider, logs a warning when the JVM does not encode file names
     *           as UTF-8 ({@code sun.jnu.encoding}): see {@link NioNames}.
     */
    public NioPathFs(Path root, boolean readOnly, int uid, int gid, long cacheBytes) throws IOException {
        if (!Files.readAttributes(root, BasicFileAttributes.class).isDirectory()) {
            throw new java.nio.file.NotDirectoryException(root.toString());
        }
        java.nio.file.FileSystem nio = root.getFileSystem();
        this.root = root;
        boolean immutable = nio.isReadOnly();
        this.readOnly = readOnly || immutable || Files.getFileStore(root).isReadOnly();
        this.defaultProvider = nio == FileSystems.getDefault();
        this.attributes = new NioAttributes(nio.supportedFileAttributeViews(), this.readOnly, uid, gid);
        this.chunks = new ChunkCache(cacheBytes);
        this.opens = new NioOpens(handles, attributes, defaultProvider, immutable, chunks);
        this.setattrs = new NioSetattr(root, attributes, handles);
        if (defaultProvider) {
            NioNames.checkEncoding();
        }
    }

    /** {@return whether every change is refused with {@code EROFS}} */
    public boolean isReadOnly() {
        return readOnly;
    }

    private Path resolve(String path) {
        try {
            return path.length() == 1 ? root : root.resolve(path.substring(1));
        } catch (InvalidPathException e) {
            throw new FuseException(Errno.EINVAL, "cannot name " + path + " here: " + e.getMessage());
        }
    }

    /** The cache of chunks read from streams, for tests. */
    ChunkCache chunks() {
        return chunks;
    }

    /** Forgets the cached chunks of a file that changes (only another provider's files are cached). */
    private void changing(Path p) {
        if (!defaultProvider) {
            chunks.forget(p);
        }
    }

    private void checkWritable() {
        if (readOnly) {
            throw new FuseException(Errno.EROFS);
        }
    }

    private static FuseException failure(IOException e) {
        return new FuseException(Errno.of(e), String.valueOf(e.getMessage()));
    }

    /** A {@code java.nio.file} call that may throw {@link IOException}. */
    @FunctionalInterface
    private interface NioCall<T> {
        T call() throws IOException;
    }

    /**
     * Makes a call that needs a feature the provider may lack: {@link IOException}s become their
     * errno, {@link UnsupportedOperationException} becomes {@code unsupported} ("no FEATURE in
     * ROOT").
     */
    private <T> T withFeature(String feature, Errno unsupported, NioCall<T> call) {
        try {
            return call.call();
        } catch (UnsupportedOperationException e) {
            throw new FuseException(unsupported, "no " + feature + " in " + root);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private OpenHandle handle(long fh) {
        return handles.get(fh).handle();
    }

    @Override
    public void destroy() {
        handles.closeAll();
    }

    /** What {@code fstat(2)} answers for {@code fh} when it is an open file of the default provider, else null. */
    private LiveAttributes live(long fh) {
        OpenFiles.Opened open = handles.find(fh);
        return open == null ? null : open.live();
    }

    @Override
    public Attr getattr(Request req, String path, long fh) {
        try {
            LiveAttributes live = live(fh);
            return live != null ? live.attributes(resolve(path), attributes) : attributes.read(resolve(path));
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public Attr setattr(Request req, String path, SetAttr changes) {
        checkWritable();
        LiveAttributes live = changes.hasFh() ? live(changes.fh()) : null;
        Path p = resolve(path);
        try {
            if (live != null && !live.isNamedBy(p, attributes)) {
                return setattrs.unnamed(p, changes, live);
            }
            setattrs.byPath(p, changes);
            changing(p);
            return live != null ? live.attributes(p, attributes) : attributes.read(p);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public String readlink(Request req, String path) {
        return withFeature("symbolic links", Errno.EINVAL, () -> Files.readSymbolicLink(resolve(path)).toString());
    }

    @Override
    public void mknod(Request req, String path, int mode, int rdev) {
        checkWritable();
        if (!Mode.isRegular(mode)) {
            throw new FuseException(Errno.EPERM, "java.nio.file creates no special files");
        }
        make(req, resolve(path), mode, false);
    }

    @Override
    public void mkdir(Request req, String path, int mode) {
        checkWritable();
        make(req, resolve(path), mode, true);
    }

    /** Makes a regular file or a directory with the caller as owner, or nothing (see {@link NewEntries}). */
    private void make(Request req, Path p, int mode, boolean directory) {
        try {
            FileAttribute<?>[] atCreation = NewEntries.atCreation(mode, attributes);
            if (directory) {
                Files.createDirectory(p, atCreation);
            } else {
                Files.createFile(p, atCreation);
            }
            NewEntries.finishOrRemove(p, req, mode, attributes);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void unlink(Request req, String path) {
        remove(path, false);
    }

    @Override
    public void rmdir(Request req, String path) {
        remove(path, true);
    }

    private void remove(String path, boolean directory) {
        checkWritable();
        Path p = resolve(path);
        try {
            boolean isDirectory = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW).isDirectory();
            if (isDirectory != directory) {
                throw new FuseException(directory ? Errno.ENOTDIR : Errno.EISDIR);
            }
            Files.delete(p);
            changing(p);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void symlink(Request req, String target, String path) {
        checkWritable();
        Path p = resolve(path);
        withFeature("symbolic links", Errno.EPERM, () -> {
            Files.createSymbolicLink(p, root.getFileSystem().getPath(target));
            NewEntries.finishOrRemove(p, req, -1, attributes);
            return p;
        });
    }

    @Override
    public void link(Request req, String existing, String path) {
        checkWritable();
        withFeature("hard links", Errno.EPERM, () -> Files.createLink(resolve(path), resolve(existing)));
    }

    @Override
    public void rename(Request req, String from, String to, int flags) {
        checkWritable();
        if ((flags & ~FileSystem.RENAME_NOREPLACE) != 0) {
            throw new FuseException(Errno.EINVAL, "java.nio.file cannot exchange or leave whiteouts");
        }
        try {
            Path source = resolve(from);
            Path target = resolve(to);
            NioRename.move(source, target, flags != 0, defaultProvider);
            changing(source);
            changing(target);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public OpenFile open(Request req, String path, int flags) {
        if ((flags & NioOpens.O_ACCMODE) != 0) {
            checkWritable();
        }
        Path p = resolve(path);
        try {
            if (Files.isDirectory(p, NOFOLLOW)) {
                throw new FuseException(Errno.EISDIR);
            }
            return opens.open(p, flags, false);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public OpenFile create(Request req, String path, int mode, int flags) {
        checkWritable();
        try {
            return opens.create(req, resolve(path), mode, flags);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public int read(Request req, String path, long fh, long offset, MemorySegment dest) {
        try {
            return handle(fh).read(offset, dest);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public int write(Request req, String path, long fh, long offset, MemorySegment data) {
        checkWritable();
        try {
            return handle(fh).write(offset, data);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void fsync(Request req, String path, long fh, boolean datasync) {
        try {
            handle(fh).force(datasync);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void release(Request req, String path, long fh, int flags) {
        OpenFiles.Opened open = handles.find(fh);
        handles.close(fh);
        if (!defaultProvider && open != null && open.handle() instanceof ChannelHandle) {
            changing(resolve(path)); // a zip entry written through a channel changes when it is closed
        }
    }

    @Override
    public List<DirectoryEntry> readdir(Request req, String path, long fh) {
        List<DirectoryEntry> entries = new ArrayList<>();
        Path dir = resolve(path);
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String name = NioNames.listed(dir, child, defaultProvider);
                if (name != null) {
                    entries.add(entry(child, name));
                }
            }
        } catch (IOException e) {
            throw failure(e);
        }
        return entries;
    }

    private DirectoryEntry entry(Path child, String name) {
        try {
            return DirectoryEntry.of(name, attributes.read(child));
        } catch (IOException e) {
            return DirectoryEntry.of(name, 0); // gone or unreadable meanwhile: the kernel will ask again
        }
    }

    @Override
    public StatFs statfs(Request req, String path) {
        try {
            FileStore store = Files.getFileStore(root);
            long block = blockSize(store);
            return new StatFs(store.getTotalSpace() / block, store.getUnallocatedSpace() / block,
                    store.getUsableSpace() / block, 0, 0, (int) block, 255, (int) block);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private static long blockSize(FileStore store) throws IOException {
        try {
            long size = store.getBlockSize();
            return size > 0 && size <= Integer.MAX_VALUE ? size : 4096;
        } catch (UnsupportedOperationException e) {
            return 4096;
        }
    }

    @Override
    public void access(Request req, String path, int mask) {
        try {
            Files.readAttributes(resolve(path), BasicFileAttributes.class, NOFOLLOW);
        } catch (IOException e) {
            throw failure(e);
        }
        if ((mask & W_OK) != 0) {
            checkWritable();
        }
    }
}
