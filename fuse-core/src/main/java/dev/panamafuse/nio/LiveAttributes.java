package dev.panamafuse.nio;

import dev.panamafuse.Attr;
import dev.panamafuse.Mode;
import dev.panamafuse.SetAttr;
import dev.panamafuse.nio.NioAttributes.FileId;
import dev.panamafuse.nio.NioAttributes.Stat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What {@code fstat(2)} answers for a file of the default provider opened through the bridge,
 * also after its path was unlinked or renamed over. The file's identity (device and inode) and
 * attributes are recorded at open and refreshed each time the path still names the same file;
 * the size always comes from the open channel. Once the path names nothing or another file, the
 * path is no longer read: the attributes last seen are shown with the live size and
 * {@code nlink} 0, and changes of times, mode or owner made through the handle are kept in this
 * view only ({@code java.nio.file} cannot reach a file that has no name).
 */
final class LiveAttributes {
    private final ChannelHandle channel;
    private final FileId identity;
    private volatile Attr seen;

    /**
     * @param channel the open file
     * @param opened  its attributes and identity, read by path right after it was opened
     */
    LiveAttributes(ChannelHandle channel, Stat opened) {
        this.channel = channel;
        this.identity = opened.identity();
        this.seen = opened.attr();
    }

    /** The fresh attributes when {@code p} still names this file, else null. */
    private Attr named(Path p, NioAttributes attributes) {
        try {
            Stat now = attributes.stat(p);
            if (identity.equals(now.identity())) {
                seen = now.attr();
                return now.attr();
            }
        } catch (IOException e) {
            // gone, or a parent replaced: the path names nothing
        }
        return null;
    }

    /** Whether {@code p} still names this file (refreshing the recorded attributes if so). */
    boolean isNamedBy(Path p, NioAttributes attributes) {
        return named(p, attributes) != null;
    }

    /** The attributes of the open file: by path while {@code p} names it, else as last seen. */
    Attr attributes(Path p, NioAttributes attributes) throws IOException {
        long size = channel.size();
        Attr a = named(p, attributes);
        if (a != null) {
            return size == a.size() ? a : resized(a, a.nlink(), size);
        }
        Attr last = seen;
        return resized(last, 0, size);
    }

    private static Attr resized(Attr a, int nlink, long size) {
        return new Attr(a.ino(), a.mode(), nlink, a.uid(), a.gid(), a.rdev(), size, (size + 511) / 512,
                a.blksize(), a.atime(), a.mtime(), a.ctime(), a.flags());
    }

    /** Applies the changes other than the size to the recorded attributes of a file that lost its name. */
    void record(SetAttr changes) {
        Attr a = seen;
        Instant now = Instant.now();
        int mode = changes.hasMode() ? (a.mode() & Mode.S_IFMT) | (changes.mode() & Mode.PERMISSIONS) : a.mode();
        int uid = changes.hasUid() ? changes.uid() : a.uid();
        int gid = changes.hasGid() ? changes.gid() : a.gid();
        Instant atime = !changes.hasAtime() ? a.atime() : changes.atimeNow() ? now : changes.atime();
        Instant mtime = !changes.hasMtime() ? a.mtime() : changes.mtimeNow() ? now : changes.mtime();
        seen = new Attr(a.ino(), mode, a.nlink(), uid, gid, a.rdev(), a.size(), a.blocks(), a.blksize(), atime,
                mtime, now, a.flags());
    }
}
