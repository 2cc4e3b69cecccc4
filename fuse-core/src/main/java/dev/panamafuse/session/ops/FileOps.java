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
import static dev.panamafuse.session.ops.FileRanges.fileOffset;
import static dev.panamafuse.session.ops.RequestOffsets.BMAP_IN_BLOCK;
import static dev.panamafuse.session.ops.RequestOffsets.BMAP_IN_BLOCKSIZE;
import static dev.panamafuse.session.ops.RequestOffsets.COPY_FILE_RANGE_IN_FH_IN;
import static dev.panamafuse.session.ops.RequestOffsets.COPY_FILE_RANGE_IN_FH_OUT;
import static dev.panamafuse.session.ops.RequestOffsets.COPY_FILE_RANGE_IN_FLAGS;
import static dev.panamafuse.session.ops.RequestOffsets.COPY_FILE_RANGE_IN_LEN;
import static dev.panamafuse.session.ops.RequestOffsets.COPY_FILE_RANGE_IN_NODEID_OUT;
import static dev.panamafuse.session.ops.RequestOffsets.COPY_FILE_RANGE_IN_OFF_IN;
import static dev.panamafuse.session.ops.RequestOffsets.COPY_FILE_RANGE_IN_OFF_OUT;
import static dev.panamafuse.session.ops.RequestOffsets.CREATE_IN_FLAGS;
import static dev.panamafuse.session.ops.RequestOffsets.CREATE_IN_MODE;
import static dev.panamafuse.session.ops.RequestOffsets.CREATE_IN_UMASK;
import static dev.panamafuse.session.ops.RequestOffsets.FALLOCATE_IN_FH;
import static dev.panamafuse.session.ops.RequestOffsets.FALLOCATE_IN_LENGTH;
import static dev.panamafuse.session.ops.RequestOffsets.FALLOCATE_IN_MODE;
import static dev.panamafuse.session.ops.RequestOffsets.FALLOCATE_IN_OFFSET;
import static dev.panamafuse.session.ops.RequestOffsets.FLUSH_IN_FH;
import static dev.panamafuse.session.ops.RequestOffsets.FLUSH_IN_LOCK_OWNER;
import static dev.panamafuse.session.ops.RequestOffsets.IOCTL_IN_ARG;
import static dev.panamafuse.session.ops.RequestOffsets.IOCTL_IN_CMD;
import static dev.panamafuse.session.ops.RequestOffsets.IOCTL_IN_FH;
import static dev.panamafuse.session.ops.RequestOffsets.IOCTL_IN_FLAGS;
import static dev.panamafuse.session.ops.RequestOffsets.IOCTL_IN_IN_SIZE;
import static dev.panamafuse.session.ops.RequestOffsets.LSEEK_IN_FH;
import static dev.panamafuse.session.ops.RequestOffsets.LSEEK_IN_OFFSET;
import static dev.panamafuse.session.ops.RequestOffsets.LSEEK_IN_WHENCE;
import static dev.panamafuse.session.ops.RequestOffsets.POLL_IN_EVENTS;
import static dev.panamafuse.session.ops.RequestOffsets.POLL_IN_FH;
import static dev.panamafuse.session.ops.RequestOffsets.POLL_IN_FLAGS;
import static dev.panamafuse.session.ops.RequestOffsets.POLL_IN_KH;
import static dev.panamafuse.session.ops.RequestOffsets.RELEASE_IN_FLAGS;
import static dev.panamafuse.session.ops.RequestOffsets.RELEASE_IN_LOCK_OWNER;
import static dev.panamafuse.session.ops.RequestOffsets.RELEASE_IN_RELEASE_FLAGS;
import static dev.panamafuse.session.ops.RequestOffsets.WRITE_IN_FH;
import static dev.panamafuse.session.ops.RequestOffsets.WRITE_IN_OFFSET;
import static dev.panamafuse.session.ops.RequestOffsets.WRITE_IN_SIZE;
import static dev.panamafuse.session.ops.RequestOffsets.WRITE_IN_WRITE_FLAGS;

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
    private static final long CFR_MAX_32 = 0xFFFF_F000L; // the kernel's cap for a 32-bit COPY_FILE_RANGE

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
        int flags = in.getInt(at + CREATE_IN_FLAGS);
        int mode = in.getInt(at + CREATE_IN_MODE);
        int umask = in.getInt(at + CREATE_IN_UMASK);
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
        long size = Integer.toUnsignedLong(in.getInt(at + WRITE_IN_SIZE));
        long offset = fileOffset(in.getLong(at + WRITE_IN_OFFSET), size);
        MemorySegment data = in.data(size);
        int n = fs.write(req, req.nodeid(), in.getLong(at + WRITE_IN_FH), offset, data,
                in.getInt(at + WRITE_IN_WRITE_FLAGS));
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
        fs.flush(req, req.nodeid(), in.getLong(at + FLUSH_IN_FH), in.getLong(at + FLUSH_IN_LOCK_OWNER));
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
        if ((in.getInt(at + RELEASE_IN_RELEASE_FLAGS) & OperationFlags.RELEASE_FLOCK_UNLOCK) != 0) {
            try {
                fs.flock(req, req.nodeid(), fh, in.getLong(at + RELEASE_IN_LOCK_OWNER), FileLock.LOCK_UN);
            } catch (FuseException ignored) {
                // the release goes on whatever the unlock says, as close(2) does
            } catch (RuntimeException e) {
                unlockFailure = e; // a bug of the handler: release first, then let the session log it
            }
        }
        fs.release(req, req.nodeid(), fh, in.getInt(at + RELEASE_IN_FLAGS));
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
        long length = in.getLong(at + FALLOCATE_IN_LENGTH);
        long offset = fileOffset(in.getLong(at + FALLOCATE_IN_OFFSET), length);
        fs.fallocate(req, req.nodeid(), in.getLong(at + FALLOCATE_IN_FH), in.getInt(at + FALLOCATE_IN_MODE),
                offset, length);
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
        long offset = in.getLong(at + LSEEK_IN_OFFSET);
        if (offset < 0) {
            throw new FuseException(Errno.ENXIO); // as lseek(2) on a local filesystem answers SEEK_DATA/SEEK_HOLE
        }
        ValueReply.LSEEK.append(out, fs.lseek(req, req.nodeid(), in.getLong(at + LSEEK_IN_FH), offset,
                in.getInt(at + LSEEK_IN_WHENCE)));
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
        long len = in.getLong(at + COPY_FILE_RANGE_IN_LEN);
        if (!wide) {
            len = Math.min(len, CFR_MAX_32);
        }
        long offIn = fileOffset(in.getLong(at + COPY_FILE_RANGE_IN_OFF_IN), len);
        long offOut = fileOffset(in.getLong(at + COPY_FILE_RANGE_IN_OFF_OUT), len);
        long copied = fs.copyFileRange(req, req.nodeid(), in.getLong(at + COPY_FILE_RANGE_IN_FH_IN), offIn,
                in.getLong(at + COPY_FILE_RANGE_IN_NODEID_OUT), in.getLong(at + COPY_FILE_RANGE_IN_FH_OUT), offOut, len,
                (int) in.getLong(at + COPY_FILE_RANGE_IN_FLAGS));
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
        int flags = in.getInt(at + IOCTL_IN_FLAGS);
        if ((flags & OperationFlags.IOCTL_UNRESTRICTED) != 0) {
            throw new FuseException(Errno.ENOSYS, "unrestricted ioctl is only for CUSE");
        }
        long inSize = Integer.toUnsignedLong(in.getInt(at + IOCTL_IN_IN_SIZE));
        int outSize = in.getInt(at + IOCTL_IN_OUT_SIZE);
        IoctlResult r = fs.ioctl(req, req.nodeid(), in.getLong(at + IOCTL_IN_FH), in.getInt(at + IOCTL_IN_CMD),
                in.getLong(at + IOCTL_IN_ARG), in.data(Math.min(inSize, in.remaining())), outSize, flags);
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
        boolean wantsWakeup = (in.getInt(at + POLL_IN_FLAGS) & OperationFlags.POLL_SCHEDULE_NOTIFY) != 0;
        PollHandle handle = wantsWakeup ? pollHandles.apply(in.getLong(at + POLL_IN_KH)) : null;
        int revents = fs.poll(req, req.nodeid(), in.getLong(at + POLL_IN_FH), handle, in.getInt(at + POLL_IN_EVENTS));
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
        long block = fs.bmap(req, req.nodeid(), in.getInt(at + BMAP_IN_BLOCKSIZE), in.getLong(at + BMAP_IN_BLOCK));
        ValueReply.BMAP.append(out, block);
        return out.complete();
    }
}
