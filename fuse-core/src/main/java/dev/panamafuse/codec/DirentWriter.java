package dev.panamafuse.codec;

import static dev.panamafuse.codec.ReplyOffsets.DIRENTPLUS_DIRENT;
import static dev.panamafuse.codec.ReplyOffsets.DIRENT_INO;
import static dev.panamafuse.codec.ReplyOffsets.DIRENT_NAMELEN;
import static dev.panamafuse.codec.ReplyOffsets.DIRENT_OFF;
import static dev.panamafuse.codec.ReplyOffsets.DIRENT_TYPE;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_DIRENT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_DIRENTPLUS;

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
        byte[] bytes = encode(name);
        long at = reserve(false, DIRENT_SIZE, bytes);
        if (at < 0) {
            return false;
        }
        dirent(reply.buffer(), at, ino, nextOffset, mode, bytes);
        return true;
    }

    @Override
    public boolean add(String name, Entry entry, long nextOffset) {
        Objects.requireNonNull(entry, "entry");
        byte[] bytes = encode(name);
        long at = reserve(true, PLUS_SIZE, bytes);
        if (at < 0) {
            return false;
        }
        MemorySegment s = reply.buffer();
        AttrEncoder.entryOut(s, at, entry, entryTimeout, attrTimeout);
        dirent(s, at + DIRENTPLUS_DIRENT, entry.attr().ino(), nextOffset, entry.attr().mode(), bytes);
        return true;
    }

    /**
     * Reserves one record, {@code header} bytes and the name padded to 8, and counts it against
     * the limit; a plus record comes zeroed, a plain one gets only its last word zeroed (the
     * name's tail and the padding), since everything else in it is written.
     *
     * @return the record's offset in the reply, or -1 if it does not fit in what is left
     * @throws IllegalStateException if the record is of the other kind than the request's
     */
    private long reserve(boolean forPlus, long header, byte[] name) {
        if (plus != forPlus) {
            throw new IllegalStateException(plus ? "readdirplus needs add(name, entry, nextOffset)"
                    : "readdir needs add(name, ino, mode, nextOffset)");
        }
        long record = align(header + name.length);
        if (record > limit) {
            return -1;
        }
        limit -= record;
        if (forPlus) {
            return reply.reserve(record);
        }
        long at = reply.reserveUnzeroed(record);
        reply.buffer().set(ValueLayout.JAVA_LONG_UNALIGNED, at + record - Long.BYTES, 0L);
        return at;
    }

    private static void dirent(MemorySegment s, long at, long ino, long next, int mode, byte[] name) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + DIRENT_INO, ino);
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + DIRENT_OFF, next);
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + DIRENT_NAMELEN, name.length);
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + DIRENT_TYPE, Mode.direntType(mode));
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
