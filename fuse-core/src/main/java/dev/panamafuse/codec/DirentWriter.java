package dev.panamafuse.codec;

import static dev.panamafuse.protocol.ReplyStructs.FUSE_DIRENT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_DIRENTPLUS;
import static dev.panamafuse.protocol.StructFields.offset;

import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileNames;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link DirectoryFiller} that writes {@code fuse_dirent} or {@code fuse_direntplus} records
 * straight into a reply, each padded to 8 bytes, and stops at the size the kernel asked for.
 * One instance belongs to one slot; {@link #start} re-arms it for each request.
 */
public final class DirentWriter implements DirectoryFiller {
    private static final long DIRENT_SIZE = FUSE_DIRENT.byteSize();
    private static final long PLUS_SIZE = FUSE_DIRENTPLUS.byteSize();
    private static final long INO = offset(FUSE_DIRENT, "ino");
    private static final long OFF = offset(FUSE_DIRENT, "off");
    private static final long NAMELEN = offset(FUSE_DIRENT, "namelen");
    private static final long TYPE = offset(FUSE_DIRENT, "type");
    private static final long PLUS_DIRENT = offset(FUSE_DIRENTPLUS, "dirent");
    private static final int NAME_MAX = 1024;

    private ReplyFrame reply;
    private long limit;
    private boolean plus;
    private Duration entryTimeout;
    private Duration attrTimeout;

    /** A writer bound to no reply yet; {@link #start} arms it for one request. */
    public DirentWriter() {
    }

    /**
     * Re-arms the writer for one request.
     *
     * @param reply        the reply, begun, with the cursor where entries start
     * @param size         the most bytes of entries the kernel accepts
     * @param plus         whether the request is {@code READDIRPLUS}
     * @param entryTimeout default entry timeout for plus entries
     * @param attrTimeout  default attribute timeout for plus entries
     */
    public void start(ReplyFrame reply, long size, boolean plus, Duration entryTimeout, Duration attrTimeout) {
        this.reply = reply;
        this.limit = Math.min(size, reply.capacity());
        this.plus = plus;
        this.entryTimeout = entryTimeout;
        this.attrTimeout = attrTimeout;
    }

    @Override
    public boolean isPlus() {
        return plus;
    }

    @Override
    public boolean add(String name, long ino, int mode, long nextOffset) {
        if (plus) {
            throw new IllegalStateException("readdirplus needs add(name, entry, nextOffset)");
        }
        byte[] bytes = encode(name);
        long record = align(DIRENT_SIZE + bytes.length);
        if (record > limit) {
            return false;
        }
        long at = reply.reserveUnzeroed(record);
        MemorySegment s = reply.buffer();
        // the record's last word holds the name's tail and the padding: zero it, then write over it
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + record - Long.BYTES, 0L);
        dirent(s, at, ino, nextOffset, mode, bytes);
        limit -= record;
        return true;
    }

    @Override
    public boolean add(String name, Entry entry, long nextOffset) {
        if (!plus) {
            throw new IllegalStateException("readdir needs add(name, ino, mode, nextOffset)");
        }
        Objects.requireNonNull(entry, "entry");
        byte[] bytes = encode(name);
        long record = align(PLUS_SIZE + bytes.length);
        if (record > limit) {
            return false;
        }
        long at = reply.reserve(record);
        MemorySegment s = reply.buffer();
        AttrEncoder.entryOut(s, at, entry, entryTimeout, attrTimeout);
        dirent(s, at + PLUS_DIRENT, entry.attr().ino(), nextOffset, entry.attr().mode(), bytes);
        limit -= record;
        return true;
    }

    private static void dirent(MemorySegment s, long at, long ino, long next, int mode, byte[] name) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + INO, ino);
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + OFF, next);
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + NAMELEN, name.length);
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + TYPE, Mode.direntType(mode));
        MemorySegment.copy(name, 0, s, ValueLayout.JAVA_BYTE, at + DIRENT_SIZE, name.length);
    }

    private static byte[] encode(String name) {
        byte[] bytes = FileNames.encode(name);
        if (bytes.length == 0 || bytes.length > NAME_MAX || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new FuseException(Errno.EIO, "invalid directory entry name '" + name + "'");
        }
        return bytes;
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }
}
