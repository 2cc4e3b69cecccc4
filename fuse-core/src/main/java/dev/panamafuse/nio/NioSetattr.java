package dev.panamafuse.nio;

import dev.panamafuse.Attr;
import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import dev.panamafuse.SetAttr;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.EnumSet;

/**
 * The SETATTR of {@link NioPathFs}: mode, owner, size and times applied by path, or, for an open
 * file whose path now names another file (unlinked or renamed over), the size through the open
 * file and the rest recorded in its {@link LiveAttributes}. A provider that keeps no permissions
 * or no numeric owners refuses changes of them with {@code EPERM}.
 *
 * @param root       the served tree, for messages
 * @param attributes how the tree's attributes are read and which views it has
 * @param handles    the open files
 */
record NioSetattr(Path root, NioAttributes attributes, OpenFiles handles) {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** An open file whose path was unlinked or renamed over: size through the handle, the rest recorded. */
    Attr unnamed(Path p, SetAttr changes, LiveAttributes live) throws IOException {
        if (changes.hasSize()) {
            handles.get(changes.fh()).handle().truncate(changes.size());
        }
        live.record(changes);
        return live.attributes(p, attributes);
    }

    /**
     * Applies the changes to the file {@code p} names: mode, owner, size (through the open file
     * when {@code changes} carries one), then times.
     */
    void byPath(Path p, SetAttr changes) throws IOException {
        if (changes.hasMode()) {
            chmod(p, changes.mode());
        }
        if (changes.hasUid() || changes.hasGid()) {
            chown(p, changes);
        }
        if (changes.hasSize()) {
            truncate(p, changes);
        }
        if (changes.hasAtime() || changes.hasMtime()) {
            FileTime now = FileTime.from(Instant.now());
            FileTime atime = !changes.hasAtime() ? null : changes.atimeNow() ? now : FileTime.from(changes.atime());
            FileTime mtime = !changes.hasMtime() ? null : changes.mtimeNow() ? now : FileTime.from(changes.mtime());
            Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, atime, null);
        }
    }

    private void chmod(Path p, int mode) throws IOException {
        if (!attributes.hasPermissions()) {
            throw new FuseException(Errno.EPERM, "the provider of " + root + " keeps no permissions");
        }
        Files.setPosixFilePermissions(p, NioAttributes.permissions(mode));
    }

    private void chown(Path p, SetAttr changes) throws IOException {
        if (!attributes.hasOwners()) {
            throw new FuseException(Errno.EPERM, "the provider of " + root + " keeps no numeric owners");
        }
        if (changes.hasUid()) {
            Files.setAttribute(p, "unix:uid", changes.uid(), NOFOLLOW);
        }
        if (changes.hasGid()) {
            Files.setAttribute(p, "unix:gid", changes.gid(), NOFOLLOW);
        }
    }

    private void truncate(Path p, SetAttr changes) throws IOException {
        OpenFiles.Opened open = changes.hasFh() ? handles.find(changes.fh()) : null;
        if (open != null) {
            open.handle().truncate(changes.size());
            return;
        }
        if (Files.isDirectory(p, NOFOLLOW)) {
            throw new FuseException(Errno.EISDIR);
        }
        try (SeekableByteChannel channel = NioOpens.channel(p, EnumSet.of(StandardOpenOption.WRITE))) {
            ChannelHandle.resize(channel, changes.size());
        }
    }
}
