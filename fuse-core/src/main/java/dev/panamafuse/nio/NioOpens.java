package dev.panamafuse.nio;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code open} and {@code create} of {@link NioPathFs}: which handle serves an open file, with
 * which options, registered in its {@link OpenFiles}. A {@code create} of a name that exists
 * meanwhile (the kernel saw none) opens the existing regular file, truncated if asked, unless
 * {@code O_EXCL} was given.
 *
 * @param handles         where open files are registered
 * @param attributes      how attributes are read and set on new files
 * @param defaultProvider whether the tree is the default provider's (a {@code FileChannel} for every open)
 * @param immutable       whether the provider's file system is read-only (its files never change)
 * @param chunks          the chunk cache of stream-only providers' read-only opens
 */
record NioOpens(OpenFiles handles, NioAttributes attributes, boolean defaultProvider, boolean immutable,
               ChunkCache chunks) {
    /** The access mode bits of open flags: 0 read, 1 write, 2 both. */
    static final int O_ACCMODE = 3;
    private static final int O_WRONLY = 1;
    private static final int O_EXCL = 0200;
    private static final int O_TRUNC = 01000;

    /** Opens an existing file that is not a directory; {@code truncate} honours {@code O_TRUNC}. */
    OpenFile open(Path p, int flags, boolean truncate) throws IOException {
        boolean write = (flags & O_ACCMODE) != 0;
        if (!write && !defaultProvider) {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return register(new StreamHandle(new ChunkCache.Source(p, a.size(), a.lastModifiedTime()), chunks));
        }
        Set<StandardOpenOption> options = options(flags);
        if (truncate && write && (flags & O_TRUNC) != 0) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        return register(channel(p, options), p);
    }

    /** Creates {@code p} and opens it, finished for the requester; see {@link NioOpens}. */
    OpenFile create(Request req, Path p, int mode, int flags) throws IOException {
        Set<StandardOpenOption> options = options(flags);
        options.add(StandardOpenOption.CREATE_NEW);
        options.add(StandardOpenOption.WRITE);
        SeekableByteChannel channel;
        try {
            channel = channel(p, options, NewEntries.atCreation(mode, attributes));
        } catch (FileAlreadyExistsException e) {
            if ((flags & O_EXCL) != 0) {
                throw e;
            }
            return openExisting(p, flags, e);
        }
        try {
            NewEntries.finishOrRemove(p, req, mode, attributes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return register(channel, p);
    }

    private OpenFile openExisting(Path p, int flags, FileAlreadyExistsException exists) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isDirectory()) {
            throw new FuseException(Errno.EISDIR);
        }
        if (!a.isRegularFile()) {
            throw exists;
        }
        return open(p, flags, true);
    }

    private static Set<StandardOpenOption> options(int flags) {
        Set<StandardOpenOption> options = EnumSet.noneOf(StandardOpenOption.class);
        int access = flags & O_ACCMODE;
        if (access != O_WRONLY) {
            options.add(StandardOpenOption.READ);
        }
        if (access != 0) {
            options.add(StandardOpenOption.WRITE);
        }
        return options;
    }

    /**
     * A channel of {@code p}: a {@link FileChannel} where the provider has one (the zip filesystem's
     * works on a temporary copy of the entry, written back when closed; its other channel opened for
     * writing starts empty), else the provider's byte channel.
     */
    static SeekableByteChannel channel(Path p, Set<StandardOpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        try {
            return FileChannel.open(p, options, attrs);
        } catch (UnsupportedOperationException e) {
            return Files.newByteChannel(p, options, attrs);
        }
    }

    private OpenFile register(OpenHandle h) {
        return OpenFile.of(handles.add(new OpenFiles.Opened(h, null)), immutable ? OpenFile.KEEP_CACHE : 0);
    }

    /** Registers a channel of {@code p}, recording its identity on the default provider; closes it on failure. */
    private OpenFile register(SeekableByteChannel channel, Path p) throws IOException {
        ChannelHandle h = new ChannelHandle(channel);
        if (!defaultProvider) {
            return register(h);
        }
        try {
            LiveAttributes live = new LiveAttributes(h, attributes.stat(p));
            return OpenFile.of(handles.add(new OpenFiles.Opened(h, live)), 0);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
