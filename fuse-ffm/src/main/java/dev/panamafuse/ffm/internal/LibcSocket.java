package dev.panamafuse.ffm.internal;

import static dev.panamafuse.ffm.posix.LibcCall.CAPTURE_ERRNO;
import static dev.panamafuse.ffm.posix.LibcCall.downcall;
import static dev.panamafuse.ffm.posix.LibcCall.run;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.OpenFlags;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * The socket calls of unprivileged mounting: a UNIX socket pair, and passing a descriptor over
 * it ({@code sendmsg}/{@code recvmsg} with {@code SCM_RIGHTS}), as {@code fusermount3} hands
 * over the {@code /dev/fuse} descriptor. In the frame of {@link dev.panamafuse.ffm.posix.LibcCall}.
 *
 * <p>Struct layouts are those of Linux LP64 (x86_64 and aarch64), written with explicit padding:
 * {@code struct msghdr} is 56 bytes, {@code struct cmsghdr} 16 bytes before its data, and
 * control messages are aligned to 8 bytes.
 */
public final class LibcSocket {

    /** {@code AF_UNIX}. */
    public static final int AF_UNIX = 1;
    /** {@code SOCK_STREAM}. */
    public static final int SOCK_STREAM = 1;
    /** {@code SOCK_CLOEXEC}: Linux defines it as {@code O_CLOEXEC}. */
    public static final int SOCK_CLOEXEC = OpenFlags.O_CLOEXEC;
    // the control message of sendFd and recvFd
    /** {@code SOL_SOCKET}. */
    private static final int SOL_SOCKET = 1;
    /** {@code SCM_RIGHTS}. */
    private static final int SCM_RIGHTS = 1;
    /** {@code MSG_CMSG_CLOEXEC}: received descriptors close on exec. */
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;

    /**
     * {@code struct msghdr} on LP64 Linux (56 bytes): {@code msg_name} 0, {@code msg_namelen} 8,
     * {@code msg_iov} 16, {@code msg_iovlen} 24, {@code msg_control} 32, {@code msg_controllen} 40,
     * {@code msg_flags} 48.
     */
    public static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4)).withName("msghdr");

    /** {@code struct cmsghdr} on LP64 Linux (16 bytes, data follows at {@link #CMSG_DATA_OFFSET}). */
    public static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            JAVA_LONG.withName("cmsg_len"),
            JAVA_INT.withName("cmsg_level"),
            JAVA_INT.withName("cmsg_type")).withName("cmsghdr");

    /** Where a control message's data starts: {@code CMSG_DATA(c) - (unsigned char *) c}. */
    public static final long CMSG_DATA_OFFSET = cmsgAlign(CMSGHDR.byteSize());

    private static final long MSG_IOV = MSGHDR.byteOffset(PathElement.groupElement("msg_iov"));
    private static final long MSG_IOVLEN = MSGHDR.byteOffset(PathElement.groupElement("msg_iovlen"));
    private static final long MSG_CONTROL = MSGHDR.byteOffset(PathElement.groupElement("msg_control"));
    private static final long MSG_CONTROLLEN = MSGHDR.byteOffset(PathElement.groupElement("msg_controllen"));
    private static final long CMSG_LEN_OFF = CMSGHDR.byteOffset(PathElement.groupElement("cmsg_len"));
    private static final long CMSG_LEVEL = CMSGHDR.byteOffset(PathElement.groupElement("cmsg_level"));
    private static final long CMSG_TYPE = CMSGHDR.byteOffset(PathElement.groupElement("cmsg_type"));

    private static final MethodHandle SOCKETPAIR = downcall("socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle SENDMSG = downcall("sendmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle RECVMSG = downcall("recvmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);

    private LibcSocket() {
    }

    /**
     * {@code CMSG_ALIGN(n)}: rounds up to a multiple of 8 ({@code sizeof(size_t)}).
     *
     * @param n a length
     * @return the aligned length
     */
    public static long cmsgAlign(long n) {
        return (n + 7) & ~7L;
    }

    /**
     * {@code CMSG_LEN(n)}: the {@code cmsg_len} of a message with {@code n} data bytes.
     *
     * @param n the data bytes
     * @return the header plus data length
     */
    public static long cmsgLen(long n) {
        return CMSG_DATA_OFFSET + n;
    }

    /**
     * {@code CMSG_SPACE(n)}: the bytes a message with {@code n} data bytes takes in the buffer.
     *
     * @param n the data bytes
     * @return the aligned space
     */
    public static long cmsgSpace(long n) {
        return CMSG_DATA_OFFSET + cmsgAlign(n);
    }

    /**
     * {@code socketpair(domain, type, 0, sv)}.
     *
     * @param domain e.g. {@link #AF_UNIX}
     * @param type   e.g. {@code SOCK_STREAM | SOCK_CLOEXEC}
     * @return the two connected ends
     * @throws LibcException if the call fails
     */
    public static int[] socketpair(int domain, int type) throws LibcException {
        int[] ends = new int[2];
        run("socketpair", () -> domain + ", " + type, (cs, a) -> {
            MemorySegment sv = a.allocate(JAVA_INT, 2);
            int r = (int) SOCKETPAIR.invokeExact(cs, domain, type, 0, sv);
            ends[0] = sv.getAtIndex(JAVA_INT, 0);
            ends[1] = sv.getAtIndex(JAVA_INT, 1);
            return r;
        });
        return ends;
    }

    /**
     * Sends one byte ({@code data}) with one descriptor attached ({@code SCM_RIGHTS}).
     *
     * @param socket the UNIX socket
     * @param data   the byte to send along (a stream socket carries no message without data)
     * @param fd     the descriptor to pass
     * @throws LibcException if {@code sendmsg} fails
     */
    public static void sendFd(int socket, byte data, int fd) throws LibcException {
        run("sendmsg", () -> Integer.toString(socket), (cs, a) -> {
            MemorySegment buf = a.allocate(1);
            buf.set(JAVA_BYTE, 0, data);
            MemorySegment control = a.allocate(cmsgSpace(4), 8);
            MemorySegment msg = message(a, buf, control);
            control.set(JAVA_LONG, CMSG_LEN_OFF, cmsgLen(4));
            control.set(JAVA_INT, CMSG_LEVEL, SOL_SOCKET);
            control.set(JAVA_INT, CMSG_TYPE, SCM_RIGHTS);
            control.set(JAVA_INT, CMSG_DATA_OFFSET, fd);
            return (long) SENDMSG.invokeExact(cs, socket, msg, 0);
        });
    }

    /**
     * Receives at most one data byte and the first descriptor passed with it ({@code recvmsg}
     * with room for one {@code SCM_RIGHTS} int, {@code MSG_CMSG_CLOEXEC} so the descriptor
     * closes on exec). Blocks until something arrives or the peer closes.
     *
     * @param socket the UNIX socket
     * @return the received descriptor, or -1 when the peer closed or sent no descriptor
     * @throws LibcException if {@code recvmsg} fails
     */
    public static int receiveFd(int socket) throws LibcException {
        int[] fd = {-1};
        run("recvmsg", () -> Integer.toString(socket), (cs, a) -> {
            MemorySegment control = a.allocate(cmsgSpace(4), 8);
            MemorySegment msg = message(a, a.allocate(1), control);
            long n = (long) RECVMSG.invokeExact(cs, socket, msg, MSG_CMSG_CLOEXEC);
            // CMSG_FIRSTHDR: the one message the buffer has room for
            if (n > 0 && msg.get(JAVA_LONG, MSG_CONTROLLEN) >= cmsgLen(4)
                    && control.get(JAVA_INT, CMSG_LEVEL) == SOL_SOCKET && control.get(JAVA_INT, CMSG_TYPE) == SCM_RIGHTS
                    && control.get(JAVA_LONG, CMSG_LEN_OFF) >= cmsgLen(4)) {
                fd[0] = control.get(JAVA_INT, CMSG_DATA_OFFSET);
            }
            return n;
        });
        return fd[0];
    }

    /** A {@code struct msghdr} in {@code arena} with one iovec of the byte {@code buf} and {@code control}. */
    private static MemorySegment message(Arena arena, MemorySegment buf, MemorySegment control) {
        MemorySegment iov = arena.allocate(Libc.IOVEC);
        iov.set(ADDRESS, 0, buf);
        iov.set(JAVA_LONG, 8, 1L);
        MemorySegment msg = arena.allocate(MSGHDR);
        msg.set(ADDRESS, MSG_IOV, iov);
        msg.set(JAVA_LONG, MSG_IOVLEN, 1L);
        msg.set(ADDRESS, MSG_CONTROL, control);
        msg.set(JAVA_LONG, MSG_CONTROLLEN, control.byteSize());
        return msg;
    }
}
