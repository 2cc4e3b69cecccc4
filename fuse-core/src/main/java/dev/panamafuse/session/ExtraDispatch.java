package dev.panamafuse.session;

import static dev.panamafuse.protocol.ReplyStructs.FUSE_BMAP_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_COPY_FILE_RANGE_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_GETXATTR_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_IOCTL_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_LK_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_LSEEK_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_POLL_OUT;
import static dev.panamafuse.protocol.ReplyStructs.FUSE_WRITE_OUT;
import static dev.panamafuse.protocol.RequestStructs.FUSE_ACCESS_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_BMAP_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_COPY_FILE_RANGE_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_FALLOCATE_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_GETXATTR_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_IOCTL_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_LK_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_LSEEK_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_POLL_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_SETXATTR_IN;
import static dev.panamafuse.protocol.Structs.FUSE_FILE_LOCK;
import static dev.panamafuse.protocol.Structs.offset;

import dev.panamafuse.Errno;
import dev.panamafuse.FileLock;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.IoctlResult;
import dev.panamafuse.PollHandle;
import dev.panamafuse.FileNames;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.protocol.Flags;
import dev.panamafuse.protocol.Kernel;
import dev.panamafuse.protocol.Opcode;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/** Extended attributes, access, locks, bmap, ioctl, poll, fallocate, lseek, copy_file_range, statx, syncfs. */
final class ExtraDispatch {
    private static final long SETXATTR_SIZE = offset(FUSE_SETXATTR_IN, "size");
    private static final long SETXATTR_FLAGS = offset(FUSE_SETXATTR_IN, "flags");
    private static final long SETXATTR_EXT_FLAGS = offset(FUSE_SETXATTR_IN, "setxattr_flags");
    private static final long GETXATTR_SIZE = offset(FUSE_GETXATTR_IN, "size");
    private static final long GETXATTR_OUT_SIZE = offset(FUSE_GETXATTR_OUT, "size");
    private static final long ACCESS_MASK = offset(FUSE_ACCESS_IN, "mask");
    private static final long LK_FH = offset(FUSE_LK_IN, "fh");
    private static final long LK_OWNER = offset(FUSE_LK_IN, "owner");
    private static final long LK_LK = offset(FUSE_LK_IN, "lk");
    private static final long LK_FLAGS = offset(FUSE_LK_IN, "lk_flags");
    private static final long LOCK_START = offset(FUSE_FILE_LOCK, "start");
    private static final long LOCK_END = offset(FUSE_FILE_LOCK, "end");
    private static final long LOCK_TYPE = offset(FUSE_FILE_LOCK, "type");
    private static final long LOCK_PID = offset(FUSE_FILE_LOCK, "pid");
    private static final long LK_OUT_LK = offset(FUSE_LK_OUT, "lk");
    private static final long BMAP_BLOCK = offset(FUSE_BMAP_IN, "block");
    private static final long BMAP_BLOCKSIZE = offset(FUSE_BMAP_IN, "blocksize");
    private static final long IOCTL_FH = offset(FUSE_IOCTL_IN, "fh");
    private static final long IOCTL_FLAGS = offset(FUSE_IOCTL_IN, "flags");
    private static final long IOCTL_CMD = offset(FUSE_IOCTL_IN, "cmd");
    private static final long IOCTL_ARG = offset(FUSE_IOCTL_IN, "arg");
    private static final long IOCTL_IN_SIZE = offset(FUSE_IOCTL_IN, "in_size");
    private static final long IOCTL_OUT_SIZE = offset(FUSE_IOCTL_IN, "out_size");
    private static final long IOCTL_OUT_RESULT = offset(FUSE_IOCTL_OUT, "result");
    private static final long POLL_FH = offset(FUSE_POLL_IN, "fh");
    private static final long POLL_KH = offset(FUSE_POLL_IN, "kh");
    private static final long POLL_FLAGS = offset(FUSE_POLL_IN, "flags");
    private static final long POLL_EVENTS = offset(FUSE_POLL_IN, "events");
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
    private static final int LOCK_SH = 1;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int LOCK_UN = 8;

    private final Dispatcher d;
    private final FileSystem fs;

    ExtraDispatch(Dispatcher d) {
        this.d = d;
        this.fs = d.fs;
    }

    boolean dispatch(Opcode op, RequestContext req, Slot slot) {
        RequestFrame in = slot.frame();
        ReplyFrame out = slot.reply();
        long node = req.nodeid();
        return switch (op) {
            case SETXATTR -> setxattr(req, in, out);
            case GETXATTR -> xattrReply(in, out, true, req);
            case LISTXATTR -> xattrReply(in, out, false, req);
            case REMOVEXATTR -> Dispatcher.empty(out, () -> fs.removexattr(req, node, in.name()));
            case ACCESS -> Dispatcher.empty(out,
                    () -> fs.access(req, node, in.getInt(in.argument(FUSE_ACCESS_IN.byteSize()) + ACCESS_MASK)));
            case GETLK -> getlk(req, in, out);
            case SETLK, SETLKW -> setlk(req, in, out, op == Opcode.SETLKW);
            case BMAP -> bmap(req, in, out);
            case IOCTL -> ioctl(req, in, out);
            case FALLOCATE -> fallocate(req, in, out);
            case LSEEK -> lseek(req, in, out);
            case COPY_FILE_RANGE, COPY_FILE_RANGE_64 -> copyFileRange(req, in, out, op == Opcode.COPY_FILE_RANGE_64);
            case STATX -> StatxEncoder.reply(fs, req, in, out, d.options.attrTimeout());
            case SYNCFS -> Dispatcher.empty(out, () -> fs.syncfs(req, node));
            case POLL -> poll(req, in, out);
            default -> throw new FuseException(Errno.ENOSYS);
        };
    }

    private boolean setxattr(RequestContext req, RequestFrame in, ReplyFrame out) {
        long size = d.setxattrExt ? FUSE_SETXATTR_IN.byteSize() : Kernel.FUSE_COMPAT_SETXATTR_IN_SIZE;
        long at = in.argument(size);
        long valueSize = Integer.toUnsignedLong(in.getInt(at + SETXATTR_SIZE));
        int flags = in.getInt(at + SETXATTR_FLAGS);
        int extFlags = d.setxattrExt ? in.getInt(at + SETXATTR_EXT_FLAGS) : 0;
        String name = in.name();
        MemorySegment value = in.data(valueSize);
        return Dispatcher.empty(out, () -> fs.setxattr(req, req.nodeid(), name, value, flags, extFlags));
    }

    private boolean xattrReply(RequestFrame in, ReplyFrame out, boolean get, RequestContext req) {
        long size = Integer.toUnsignedLong(in.getInt(in.argument(FUSE_GETXATTR_IN.byteSize()) + GETXATTR_SIZE));
        byte[] value = get ? fs.getxattr(req, req.nodeid(), in.name()) : names(fs.listxattr(req, req.nodeid()));
        if (value == null) {
            throw new FuseException(Errno.EIO, "xattr handler returned null");
        }
        if (size == 0) {
            long at = out.reserve(FUSE_GETXATTR_OUT.byteSize());
            out.buffer().set(ValueLayout.JAVA_INT_UNALIGNED, at + GETXATTR_OUT_SIZE, value.length);
        } else if (value.length > size || value.length > out.capacity()) {
            throw new FuseException(Errno.ERANGE);
        } else {
            MemorySegment.copy(value, 0, out.payload(), ValueLayout.JAVA_BYTE, 0, value.length);
            out.advance(value.length);
        }
        out.finish();
        return true;
    }

    private static byte[] names(List<String> names) {
        if (names == null) {
            return null;
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String n : names) {
            b.writeBytes(FileNames.encode(n));
            b.write(0);
        }
        return b.toByteArray();
    }

    private boolean getlk(RequestContext req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_LK_IN.byteSize());
        FileLock result = fs.getlk(req, req.nodeid(), in.getLong(at + LK_FH), in.getLong(at + LK_OWNER),
                lock(in, at + LK_LK));
        if (result == null) {
            throw new FuseException(Errno.EIO, "getlk returned null");
        }
        long o = out.reserve(FUSE_LK_OUT.byteSize()) + LK_OUT_LK;
        MemorySegment s = out.buffer();
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, o + LOCK_START, result.start());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, o + LOCK_END, result.end());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, o + LOCK_TYPE, result.type());
        s.set(ValueLayout.JAVA_INT_UNALIGNED, o + LOCK_PID, result.pid());
        out.finish();
        return true;
    }

    private boolean setlk(RequestContext req, RequestFrame in, ReplyFrame out, boolean sleep) {
        long at = in.argument(FUSE_LK_IN.byteSize());
        long fh = in.getLong(at + LK_FH);
        long owner = in.getLong(at + LK_OWNER);
        FileLock lock = lock(in, at + LK_LK);
        if ((in.getInt(at + LK_FLAGS) & Flags.LK_FLOCK) != 0) {
            int operation = switch (lock.type()) {
                case FileLock.F_RDLCK -> LOCK_SH;
                case FileLock.F_WRLCK -> LOCK_EX;
                default -> LOCK_UN;
            };
            int op = sleep || operation == LOCK_UN ? operation : operation | LOCK_NB;
            return Dispatcher.empty(out, () -> fs.flock(req, req.nodeid(), fh, owner, op));
        }
        return Dispatcher.empty(out, () -> fs.setlk(req, req.nodeid(), fh, owner, lock, sleep));
    }

    private static FileLock lock(RequestFrame in, long at) {
        return new FileLock(in.getLong(at + LOCK_START), in.getLong(at + LOCK_END), in.getInt(at + LOCK_TYPE),
                in.getInt(at + LOCK_PID));
    }

    private boolean bmap(RequestContext req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_BMAP_IN.byteSize());
        long block = fs.bmap(req, req.nodeid(), in.getInt(at + BMAP_BLOCKSIZE), in.getLong(at + BMAP_BLOCK));
        out.buffer().set(ValueLayout.JAVA_LONG_UNALIGNED, out.reserve(FUSE_BMAP_OUT.byteSize()), block);
        out.finish();
        return true;
    }

    private boolean ioctl(RequestContext req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_IOCTL_IN.byteSize());
        int flags = in.getInt(at + IOCTL_FLAGS);
        if ((flags & Flags.IOCTL_UNRESTRICTED) != 0) {
            throw new FuseException(Errno.ENOSYS, "unrestricted ioctl is only for CUSE");
        }
        long inSize = Integer.toUnsignedLong(in.getInt(at + IOCTL_IN_SIZE));
        int outSize = in.getInt(at + IOCTL_OUT_SIZE);
        IoctlResult r = fs.ioctl(req, req.nodeid(), in.getLong(at + IOCTL_FH), in.getInt(at + IOCTL_CMD),
                in.getLong(at + IOCTL_ARG), in.data(Math.min(inSize, in.remaining())), outSize, flags);
        if (r == null) {
            throw new FuseException(Errno.EIO, "ioctl returned null");
        }
        byte[] bytes = r.out() == null ? new byte[0] : r.out();
        if (bytes.length > Integer.toUnsignedLong(outSize) || bytes.length > out.capacity()) {
            throw new FuseException(Errno.EIO, "ioctl returned " + bytes.length + " bytes for out_size " + outSize);
        }
        long o = out.reserve(FUSE_IOCTL_OUT.byteSize());
        out.buffer().set(ValueLayout.JAVA_INT_UNALIGNED, o + IOCTL_OUT_RESULT, r.result());
        MemorySegment.copy(bytes, 0, out.payload(), ValueLayout.JAVA_BYTE, 0, bytes.length);
        out.advance(bytes.length);
        out.finish();
        return true;
    }

    private boolean poll(RequestContext req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_POLL_IN.byteSize());
        boolean wantsWakeup = (in.getInt(at + POLL_FLAGS) & Flags.POLL_SCHEDULE_NOTIFY) != 0;
        PollHandle handle = wantsWakeup ? new KernelPollHandle(in.getLong(at + POLL_KH), d.session) : null;
        int revents = fs.poll(req, req.nodeid(), in.getLong(at + POLL_FH), handle, in.getInt(at + POLL_EVENTS));
        out.buffer().set(ValueLayout.JAVA_INT_UNALIGNED, out.reserve(FUSE_POLL_OUT.byteSize()), revents);
        out.finish();
        return true;
    }

    private boolean fallocate(RequestContext req, RequestFrame in, ReplyFrame out) {
        long at = in.argument(FUSE_FALLOCATE_IN.byteSize());
        long length = in.getLong(at + FALLOC_LENGTH);
        long offset = Dispatcher.fileOffset(in.getLong(at + FALLOC_OFFSET), length);
        return Dispatcher.empty(out, () -> fs.fallocate(req, req.nodeid(), in.getLong(at + FALLOC_FH),
                in.getInt(at + FALLOC_MODE), offset, length));
    }

    private boolean lseek(RequestContext req, RequestFrame in, ReplyFrame out) {
        if (d.writebackCache) {
            // the kernel holds written data the filesystem has not seen: let it seek on its own view
            throw new FuseException(Errno.ENOSYS);
        }
        long at = in.argument(FUSE_LSEEK_IN.byteSize());
        long offset = in.getLong(at + LSEEK_OFFSET);
        if (offset < 0) {
            throw new FuseException(Errno.ENXIO); // as lseek(2) on a local filesystem answers SEEK_DATA/SEEK_HOLE
        }
        long result = fs.lseek(req, req.nodeid(), in.getLong(at + LSEEK_FH), offset, in.getInt(at + LSEEK_WHENCE));
        out.buffer().set(ValueLayout.JAVA_LONG_UNALIGNED, out.reserve(FUSE_LSEEK_OUT.byteSize()), result);
        out.finish();
        return true;
    }

    private boolean copyFileRange(RequestContext req, RequestFrame in, ReplyFrame out, boolean wide) {
        long at = in.argument(FUSE_COPY_FILE_RANGE_IN.byteSize());
        long len = in.getLong(at + CFR_LEN);
        if (!wide) {
            len = Math.min(len, 0xFFFF_F000L);
        }
        long offIn = Dispatcher.fileOffset(in.getLong(at + CFR_OFF_IN), len);
        long offOut = Dispatcher.fileOffset(in.getLong(at + CFR_OFF_OUT), len);
        long copied = fs.copyFileRange(req, req.nodeid(), in.getLong(at + CFR_FH_IN), offIn,
                in.getLong(at + CFR_NODEID_OUT), in.getLong(at + CFR_FH_OUT), offOut, len,
                (int) in.getLong(at + CFR_FLAGS));
        if (copied < 0 || copied > len) {
            throw new FuseException(Errno.EIO, "copyFileRange returned " + copied + " for " + len + " bytes");
        }
        if (wide) {
            out.buffer().set(ValueLayout.JAVA_LONG_UNALIGNED, out.reserve(FUSE_COPY_FILE_RANGE_OUT.byteSize()), copied);
        } else {
            out.buffer().set(ValueLayout.JAVA_INT_UNALIGNED, out.reserve(FUSE_WRITE_OUT.byteSize()), (int) copied);
        }
        out.finish();
        return true;
    }
}
