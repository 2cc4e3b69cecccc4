package dev.panamafuse.session.ops;

import static dev.panamafuse.protocol.RequestStructs.FUSE_GETXATTR_IN;
import static dev.panamafuse.protocol.RequestStructs.FUSE_SETXATTR_IN;
import static dev.panamafuse.protocol.RequestStructs.GETXATTR_IN_SIZE;
import static dev.panamafuse.session.ops.RequestOffsets.SETXATTR_IN_FLAGS;
import static dev.panamafuse.session.ops.RequestOffsets.SETXATTR_IN_SETXATTR_FLAGS;
import static dev.panamafuse.session.ops.RequestOffsets.SETXATTR_IN_SIZE;

import dev.panamafuse.Errno;
import dev.panamafuse.FileNames;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Request;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.codec.ValueReply;
import dev.panamafuse.protocol.Kernel;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The extended-attribute operations: {@code SETXATTR}, {@code GETXATTR}, {@code LISTXATTR} and
 * {@code REMOVEXATTR}. A {@code GETXATTR} or {@code LISTXATTR} of size 0 asks for the size
 * needed ({@code fuse_getxattr_out}); otherwise the value or the NUL-separated name list is the
 * reply, {@code ERANGE} when it exceeds the size asked for.
 *
 * @param fs the filesystem
 */
public record XattrOps(FileSystem fs) {
    /**
     * {@code SETXATTR}: a {@code fuse_setxattr_in} (16 bytes with {@code FUSE_SETXATTR_EXT}, else
     * {@link Kernel#FUSE_COMPAT_SETXATTR_IN_SIZE}), the name, then the value (a read-only slice).
     * An empty reply.
     *
     * @param req      the request
     * @param in       the request frame, cursor after the header
     * @param out      the reply, begun
     * @param extended whether INIT agreed on {@code FUSE_SETXATTR_EXT}
     * @return true: a reply is to be written
     */
    public boolean setxattr(Request req, RequestFrame in, ReplyFrame out, boolean extended) {
        long at = in.argument(extended ? FUSE_SETXATTR_IN.byteSize() : Kernel.FUSE_COMPAT_SETXATTR_IN_SIZE);
        long valueSize = Integer.toUnsignedLong(in.getInt(at + SETXATTR_IN_SIZE));
        int flags = in.getInt(at + SETXATTR_IN_FLAGS);
        int extFlags = extended ? in.getInt(at + SETXATTR_IN_SETXATTR_FLAGS) : 0;
        String name = in.name();
        MemorySegment value = in.data(valueSize);
        fs.setxattr(req, req.nodeid(), name, value, flags, extFlags);
        return out.complete();
    }

    /**
     * {@code GETXATTR}: a {@code fuse_getxattr_in}, then the name.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean getxattr(Request req, RequestFrame in, ReplyFrame out) {
        long size = askedSize(in);
        return valueReply(out, size, fs.getxattr(req, req.nodeid(), in.name()));
    }

    /**
     * {@code LISTXATTR}: a {@code fuse_getxattr_in}; the names, each followed by a NUL.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean listxattr(Request req, RequestFrame in, ReplyFrame out) {
        long size = askedSize(in);
        return valueReply(out, size, names(fs.listxattr(req, req.nodeid())));
    }

    /**
     * {@code REMOVEXATTR}: the name; an empty reply.
     *
     * @param req the request
     * @param in  the request frame, cursor after the header
     * @param out the reply, begun
     * @return true: a reply is to be written
     */
    public boolean removexattr(Request req, RequestFrame in, ReplyFrame out) {
        fs.removexattr(req, req.nodeid(), in.name());
        return out.complete();
    }

    private static long askedSize(RequestFrame in) {
        return Integer.toUnsignedLong(in.getInt(in.argument(FUSE_GETXATTR_IN.byteSize()) + GETXATTR_IN_SIZE));
    }

    private static boolean valueReply(ReplyFrame out, long size, byte[] value) {
        if (value == null) {
            throw new FuseException(Errno.EIO, "xattr handler returned null");
        }
        if (size == 0) {
            ValueReply.XATTR_SIZE.append(out, value.length);
        } else if (value.length > size || value.length > out.capacity()) {
            throw new FuseException(Errno.ERANGE);
        } else {
            out.append(value);
        }
        return out.complete();
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
}
