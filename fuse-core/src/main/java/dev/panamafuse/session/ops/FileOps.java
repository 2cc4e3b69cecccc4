package dev.panamafuse.session.ops;

import static dev.panamafuse.protocol.RequestStructs.FSYNC_IN_FH;
import static dev.panamafuse.protocol.RequestStructs.FSYNC_IN_FLAGS;
import static dev.panamafuse.protocol.RequestStructs.FUSE_BMAP_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_COPY_FILE_RANGE_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_CREATE_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FALLOCATE_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FLUSH_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FSYNC_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_IOCTL_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_LSEEK_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_OPEN_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_POLL_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_READ_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_RELEASE_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_WRITE_IN;
import static dev.panamafuse.protocol.RequestStructs.IOCTL_IN_OUT_SIZE;
import static dev.panamafuse.protocol.RequestStructs.OPEN_IN_FLAGS;
import static dev.panamafuse.protocol.RequestStructs.READ_IN_FH;
import static dev.panamafuse.protocol.RequestStructs.READ_IN_OFFSET;
import static dev.panamafuse.protocol.RequestStructs.READ_IN_SIZE;
import static dev.panamafuse.protocol.RequestStructs.RELEASE_IN_FH;
import static dev.panamafuse.protocol.StructFields.offset;
import static dev.panamafuse.session.ops.FileRanges.fileOffset;

import dev.panamafuse.CreatedFile;
import dev.panamafuse.Errno;
import dev.panamafuse.FileLock;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.IoctlResult;
import dev.panamafuse.PollHandle;
import dev.panamafuse.Request;
import dev.panamafuse.codec.AttrEncoder;
import dev.panamafuse.codec.OpenEncoder;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.codec.ValueReply;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.OperationFlags;
import java.lang.foreign.MemorySegment;
import java.util.function.LongFunction;

/**
 * The operations on files and open files: {@code OPEN}, {@code CREATE}, {@code TMPFILE}, {@code READ},
 * {@code WRITE}, {@code FLUSH}, {@code RELEASE}, {@code FSYNC}, {@code FALLOCATE}, {@code LSEEK},
 * {@code COPY_FILE_RANGE(_64)}, {@code IOCTL}, {@code POLL} and {@code BMAP}. File offsets are
 * range-checked ({@code EINVAL}) before a handler sees them; data is zero-copy both ways.
 */
public final class FileOps {
    private static final long WRITE_FH = offset(FUSE_WRITE_IN, "fh");
    private static final long WRITE_OFFSET = offset(FUSE_WRITE_IN, "offset");
    private static final long WRITE_SIZE = offset(FUSE_WRITE_IN, "size");
    private static final long WRITE_FLAGS = offset(FUSE_WRITE_IN, "write_flags");
    private static final long RELEASE_FLAGS = offset(FUSE_RELEASE_IN, "flags");
    private static final long RELEASE_RELEASE_FLAGS = offset(FUSE_RELEASE_IN, "release_flags");
    private static final long RELEASE_LOCK_OWNER = offset(FUSE_RELEASE_IN, "lock_owner");
    private static final long FLUSH_FH = offset(FUSE_FLUSH_IN, "fh");
    private static final long FLUSH_LOCK_OWNER = offset(FUSE_FLUSH_IN, "lock_owner");
    private static final long CREATE_FLAGS = offset(FUSE_CREATE_IN, "flags");
    private static final long CREATE_MODE = offset(FUSE_CREATE_IN, "mode");
    private static final long CREATE_UMASK = offset(FUSE_CREATE_IN, "umask");
    private static final long FALLOC_FH = offset(FUSE_FALLOCATE_IN, "fh");
    private static final long FALLOC_OFFSET = offset(FUSE_FALLOCATE_IN, "offset");
    private static final long FALLOC_LENGTH = offset(FUSE_FALLOCATE_IN, "length");
    private static final long FALLOC_MODE = offset(FUSE_FALLOCATE_IN, "mode");
    private static final long LSEEK_FH = offset(FUSE_LSEEK_IN, "fh");
    private static final long LSEEK_OFFSET = offset(FUSE_LSEEK_IN, "offset");
    private static final long LSEEK_WHENCE = offset(FUSE_LSEEK_IN, "whence");
    private static final long CFR_FH_IN = offset(FUSE_COPY_FILE_RANGE_IN, "fh_in");
    private static final long CFR_OFF_IN = offset(FUSE_COPY_FILE_RANGE_IN, "off_in");
    private static final long CFR_NODEID_OUT = offset(FUSE_COPY_FILE_RANGE_IN, "nodeid_out");
    private static final long CFR_FH_OUT = offset(FUSE_COPY_FILE_RANGE_IN, "fh_out");
    private static final long CFR_OFF_OUT = offset(FUSE_COPY_FILE_RANGE_IN, "off_out");
    private static final long CFR_LEN = offset(FUSE_COPY_FILE_RANGE_IN, "len");
    private static final long CFR_FLAGS = offset(FUSE_COPY_FILE_RANGE_IN, "flags");
    private static final long CFR_MAX_32 = 0xFFFF_F000L; // the kernel's cap for a 32-bit COPY_FILE_RANGE
    private static final long IOCTL_FH = offset(FUSE_IOCTL_IN, "fh");
    private static final long IOCTL_FLAGS = offset(FUSE_IOCTL_IN, "flags");
    private static final long IOCTL_CMD = offset(FUSE_IOCTL_IN, "cmd");
    private static final long IOCTL_ARG = offset(FUSE_IOCTL_IN, "arg");
    private static final long IOCTL_IN_SIZE = offset(FUSE_IOCTL_IN, "in_size");
    private static final long POLL_FH = offset(FUSE_POLL_IN, "fh");
    private static final long POLL_KH = offset(FUSE_POLL_IN, "kh");
    private static final long POLL_FLAGS = offset(FUSE_POLL_IN, "flags");
    private static final long POLL_EVENTS = offset(FUSE_POLL_IN, "events");
    private static final long BMAP_BLOCK = offset(FUSE_BMAP_IN, "block");
    private static final long BMAP_BLOCKSIZE = offset(FUSE_BMAP_IN, "blocksize");

    private final FileSystem fs;
    private final MountOptions options;
    /** FOPEN bits every open file gets ({@code direct_io}, {@code kernel_cache}); not directories. */
    private final int openFlags;
    private final LongFunction<PollHandle> pollHandles;

    /**
     * Creates the file operations of a session.
     *
     * @param fs          the filesystem
     * @param options     the mount's options (open flags, entry and attribute timeouts)
     * @param pollHandles makes the handle that wakes the kernel's poll waiter {@code kh}
     */
    public FileOps(FileSystem fs, MountOptions options, LongFunction<PollHandle> pollHandles) {
        this.fs = fs;
        this.options = options;
        this.openFlags = options.openFlags();
        this.pollHandles = pollHandles;
    }

    /**
     * {@code OPEN}: a {@code fuse_open_in}; a {@code fuse_open_out}, the mount's open flags added.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean open(Request req, RequestFrame in, ReplyFrame out) {
        int flags = in.getInt(in.argument(FUSE_OPEN_IN.byteSize()) + OPEN_IN_FLAGS);
        OpenEncoder.openOut(out, fs.open(req, req.nodeid(), flags), openFlags);
        return out.complete();
    }

    /**
     * {@code CREATE} ({@code fuse_create_in}, name) or {@code TMPFILE}: {@code fuse_entry_out}, {@code fuse_open_out}.
     *
     * @param req   the request
     * @param in    the request frame, cursor after the header
     * @param out   the reply, begun
     * @param named true for {@code CREATE}, false for {@code TMPFILE}
     * @return true: a reply is to be written
     */
    public boolean create(Request req, RequestFrame in, ReplyFrame out, boolean named) {
        long at = in.argument(FUSE_CREATE_IN.byteSize());
        int flags = in.getInt(at + CREATE_FLAGS);
        int mode = in.getInt(at + CREATE_MODE);
        int umask = in.getInt(at + CREATE_UMASK);
        CreatedFile created = named
                ? fs.create(req, req.nodeid(), in.name(), mode, umask, flags)
                : fs.tmpfile(req, req.nodeid(), mode, umask, flags);
        if (created == null) {
            throw new FuseException(Errno.EIO, "handler returned a null CreatedFile");
        }
        AttrEncoder.entryOut(out, created.entry(), options.entryTimeout(), options.attrTimeout());
        OpenEncoder.openOut(out, created.open(), openFlags);
        return out.complete();
    }

    /**
     * {@code READ}: a {@code fuse_read_in}; the data is the reply: written by the handler into the
     * payload, copied there from a heap segment, or attached as a second iovec when native.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean read(Request req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_READ_IN.byteSize());
        long size = Math.min(Integer.toUnsignedLong(in.getInt(at + READ_IN_SIZE)), out.capacity());
        long offset = fileOffset(in.getLong(at + READ_IN_OFFSET), size);
        MemorySegment dest = out.payload().asSlice(0, size);
        MemorySegment data = fs.readSegment(req, req.nodeid(), in.getLong(at + READ_IN_FH), offset, dest);
        if (data == null || data.byteSize() > size) {
            throw new FuseException(Errno.EIO, "readSegment returned " + (data == null ? "null"
                    : data.byteSize() + " bytes") + " for a read of " + size + " bytes");
        }
        if (!data.isNative()) {
            MemorySegment.copy(data, 0, dest, 0, data.byteSize());
            out.advance(data.byteSize());
        } else if (data.address() == dest.address()) {
            out.advance(data.byteSize());
        } else {
            out.attach(data);
        }
        return out.complete();
    }

    /**
     * {@code WRITE}: a {@code fuse_write_in}, then the data (a read-only slice); a {@code fuse_write_out}.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean write(Request req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_WRITE_IN.byteSize());
        long size = Integer.toUnsignedLong(in.getInt(at + WRITE_SIZE));
        long offset = fileOffset(in.getLong(at + WRITE_OFFSET), size);
        MemorySegment data = in.data(size);
        int n = fs.write(req, req.nodeid(), in.getLong(at + WRITE_FH), offset, data, in.getInt(at + WRITE_FLAGS));
        if (n < 0 || n > size) {
            throw new FuseException(Errno.EIO, "write returned " + n + " for " + size + " bytes");
        }
        ValueReply.WRITE.append(out, n);
        return out.complete();
    }

    /**
     * {@code FLUSH}: a {@code fuse_flush_in} (on each {@code close(2)}); an empty reply.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean flush(Request req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_FLUSH_IN.byteSize());
        fs.flush(req, req.nodeid(), in.getLong(at + FLUSH_FH), in.getLong(at + FLUSH_LOCK_OWNER));
        return out.complete();
    }

    /**
     * {@code RELEASE}: a {@code fuse_release_in}; an empty reply. With {@code FUSE_RELEASE_FLOCK_UNLOCK}
     * the owner's {@code flock} locks are dropped first, whatever the unlock answers.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean release(Request req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_RELEASE_IN.byteSize());
        long fh = in.getLong(at + RELEASE_IN_FH);
        RuntimeException unlockFailure = null;
        if ((in.getInt(at + RELEASE_RELEASE_FLAGS) & OperationFlags.RELEASE_FLOCK_UNLOCK) != 0) {
            try {
                fs.flock(req, req.nodeid(), fh, in.getLong(at + RELEASE_LOCK_OWNER), FileLock.LOCK_UN);
            } catch (FuseException ignored) {
                // the release goes on whatever the unlock says, as close(2) does
            } catch (RuntimeException e) {
                unlockFailure = e; // a bug of the handler: release first, then let the session log it
            }
        }
        fs.release(req, req.nodeid(), fh, in.getInt(at + RELEASE_FLAGS));
        out.finish();
        if (unlockFailure != null) {
            throw unlockFailure;
        }
        return true;
    }

    /**
     * {@code FSYNC}: a {@code fuse_fsync_in} ({@code FUSE_FSYNC_FDATASYNC}: data only); an empty reply.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean fsync(Request req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_FSYNC_IN.byteSize());
        boolean datasync = (in.getInt(at + FSYNC_IN_FLAGS) & OperationFlags.FSYNC_FDATASYNC) != 0;
        fs.fsync(req, req.nodeid(), in.getLong(at + FSYNC_IN_FH), datasync);
        return out.complete();
    }

    /**
     * {@code FALLOCATE}: a {@code fuse_fallocate_in} with the {@code fallocate(2)} mode; an empty reply.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean fallocate(Request req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_FALLOCATE_IN.byteSize());
        long length = in.getLong(at + FALLOC_LENGTH);
        long offset = fileOffset(in.getLong(at + FALLOC_OFFSET), length);
        fs.fallocate(req, req.nodeid(), in.getLong(at + FALLOC_FH), in.getInt(at + FALLOC_MODE), offset, length);
        return out.complete();
    }

    /**
     * {@code LSEEK}: a {@code fuse_lseek_in} ({@code SEEK_DATA} / {@code SEEK_HOLE}); a {@code fuse_lseek_out}.
     *
     * @param req            the request
     * @param in             the request frame, cursor after the header
     * @param out            the reply, begun
     * @param writebackCache whether the kernel caches writes: it then holds data the filesystem
     *                       has not seen, so the answer is {@code ENOSYS} and the kernel seeks on
     *                       its own view of the file from then on
     * @return true: a reply is to be written
     */
    public boolean lseek(Request req, RequestFrame in, ReplyFrame out, boolean writebackCache) {
        if (writebackCache) {
            throw new FuseException(Errno.ENOSYS);
        }
        long at = in.argument(FUSE_LSEEK_IN.byteSize());
        long offset = in.getLong(at + LSEEK_OFFSET);
        if (offset < 0) {
            throw new FuseException(Errno.ENXIO); // as lseek(2) on a local filesystem answers SEEK_DATA/SEEK_HOLE
        }
        ValueReply.LSEEK.append(out, fs.lseek(req, req.nodeid(), in.getLong(at + LSEEK_FH), offset,
                in.getInt(at + LSEEK_WHENCE)));
        return out.complete();
    }

    /**
     * {@code COPY_FILE_RANGE} (the count capped to what 32 bits report, answered with a
     * {@code fuse_write_out}) or {@code COPY_FILE_RANGE_64} (7.45, a
     * {@code fuse_copy_file_range_out}): a {@code fuse_copy_file_range_in}.
     *
     * @param req  the request
     * @param in   the request frame, cursor after the header
     * @param out  the reply, begun
     * @param wide whether the request is {@code COPY_FILE_RANGE_64}
     * @return true: a reply is to be written
     */
    public boolean copyFileRange(Request req, RequestFrame in, ReplyFrame out, boolean wide) {
        long at = in.argument(FUSE_COPY_FILE_RANGE_IN.byteSize());
        long len = in.getLong(at + CFR_LEN);
        if (!wide) {
            len = Math.min(len, CFR_MAX_32);
        }
        long offIn = fileOffset(in.getLong(at + CFR_OFF_IN), len);
        long offOut = fileOffset(in.getLong(at + CFR_OFF_OUT), len);
        long copied = fs.copyFileRange(req, req.nodeid(), in.getLong(at + CFR_FH_IN), offIn,
                in.getLong(at + CFR_NODEID_OUT), in.getLong(at + CFR_FH_OUT), offOut, len,
                (int) in.getLong(at + CFR_FLAGS));
        if (copied < 0 || copied > len) {
            throw new FuseException(Errno.EIO, "copyFileRange returned " + copied + " for " + len + " bytes");
        }
        if (wide) {
            ValueReply.COPY_FILE_RANGE_64.append(out, copied);
        } else {
            ValueReply.WRITE.append(out, (int) copied);
        }
        return out.complete();
    }

    /**
     * {@code IOCTL}: a {@code fuse_ioctl_in}, then {@code in_size} bytes of input (read-only); a
     * {@code fuse_ioctl_out} and at most {@code out_size} bytes of output. Unrestricted ioctls
     * (CUSE only) are {@code ENOSYS}.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean ioctl(Request req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_IOCTL_IN.byteSize());
        int flags = in.getInt(at + IOCTL_FLAGS);
        if ((flags & OperationFlags.IOCTL_UNRESTRICTED) != 0) {
            throw new FuseException(Errno.ENOSYS, "unrestricted ioctl is only for CUSE");
        }
        long inSize = Integer.toUnsignedLong(in.getInt(at + IOCTL_IN_SIZE));
        int outSize = in.getInt(at + IOCTL_IN_OUT_SIZE);
        IoctlResult r = fs.ioctl(req, req.nodeid(), in.getLong(at + IOCTL_FH), in.getInt(at + IOCTL_CMD),
                in.getLong(at + IOCTL_ARG), in.data(Math.min(inSize, in.remaining())), outSize, flags);
        if (r == null) {
            throw new FuseException(Errno.EIO, "ioctl returned null");
        }
        byte[] bytes = r.out() == null ? new byte[0] : r.out();
        if (bytes.length > Integer.toUnsignedLong(outSize) || bytes.length > out.capacity()) {
            throw new FuseException(Errno.EIO, "ioctl returned " + bytes.length + " bytes for out_size " + outSize);
        }
        ValueReply.IOCTL.append(out, r.result());
        out.append(bytes);
        return out.complete();
    }

    /**
     * {@code POLL}: a {@code fuse_poll_in}; a {@code fuse_poll_out}. With {@code FUSE_POLL_SCHEDULE_NOTIFY}
     * the handler gets a {@link PollHandle} to wake the kernel's waiter later.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean poll(Request req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_POLL_IN.byteSize());
        boolean wantsWakeup = (in.getInt(at + POLL_FLAGS) & OperationFlags.POLL_SCHEDULE_NOTIFY) != 0;
        PollHandle handle = wantsWakeup ? pollHandles.apply(in.getLong(at + POLL_KH)) : null;
        int revents = fs.poll(req, req.nodeid(), in.getLong(at + POLL_FH), handle, in.getInt(at + POLL_EVENTS));
        ValueReply.POLL.append(out, revents);
        return out.complete();
    }

    /**
     * {@code BMAP}: a {@code fuse_bmap_in}; a {@code fuse_bmap_out} with the device block.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean bmap(Request req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_BMAP_IN.byteSize());
        long block = fs.bmap(req, req.nodeid(), in.getInt(at + BMAP_BLOCKSIZE), in.getLong(at + BMAP_BLOCK));
        ValueReply.BMAP.append(out, block);
        return out.complete();
    }
}
