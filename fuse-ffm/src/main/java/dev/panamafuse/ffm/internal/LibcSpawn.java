package dev.panamafuse.ffm.internal;

import static dev.panamafuse.ffm.internal.Libc.CALL_STATE;
import static dev.panamafuse.ffm.internal.Libc.CAPTURE_ERRNO;
import static dev.panamafuse.ffm.internal.Libc.downcall;
import static dev.panamafuse.ffm.internal.Libc.errnoAt;
import static dev.panamafuse.ffm.internal.Libc.unexpected;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Objects;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc calls of unprivileged mounting, in the style of {@link Libc} (one downcall per
 * wrapper, errno captured per call, {@link LibcException} naming the call): a UNIX socket pair,
 * passing a descriptor over it ({@code sendmsg}/{@code recvmsg} with {@code SCM_RIGHTS}),
 * starting a program with {@code posix_spawn} and reaping it with {@code waitpid}.
 *
 * <p>Struct layouts are those of Linux LP64 (x86_64 and aarch64), written with explicit padding:
 * {@code struct msghdr} is 56 bytes, {@code struct cmsghdr} 16 bytes before its data, and
 * control messages are aligned to 8 bytes.
 */
public final class LibcSpawn {

    /** {@code AF_UNIX}. */
    public static final int AF_UNIX = 1;
    /** {@code SOCK_STREAM}. */
    public static final int SOCK_STREAM = 1;
    /** {@code SOCK_CLOEXEC} (same bit as {@code O_CLOEXEC}). */
    public static final int SOCK_CLOEXEC = 0x80000;
    /** {@code SOL_SOCKET}. */
    public static final int SOL_SOCKET = 1;
    /** {@code SCM_RIGHTS}. */
    public static final int SCM_RIGHTS = 1;
    /** {@code MSG_CMSG_CLOEXEC}: received descriptors close on exec. */
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;
    /** {@code MSG_CTRUNC} in {@code msg_flags}: control data was cut short. */
    public static final int MSG_CTRUNC = 0x8;
    /** {@code WNOHANG}. */
    public static final int WNOHANG = 1;
    /** {@code SIGKILL}. */
    public static final int SIGKILL = 9;
    /** {@code SIGTERM}. */
    public static final int SIGTERM = 15;
    /** {@code F_GETFD}. */
    public static final int F_GETFD = 1;
    /** {@code F_SETFD}. */
    public static final int F_SETFD = 2;
    /** {@code FD_CLOEXEC}. */
    public static final int FD_CLOEXEC = 1;

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

    /** Bytes allocated for a {@code posix_spawn_file_actions_t} (80 on glibc x86_64; generous). */
    static final long FILE_ACTIONS_SIZE = 256;

    private static final long MSG_IOV = MSGHDR.byteOffset(PathElement.groupElement("msg_iov"));
    private static final long MSG_IOVLEN = MSGHDR.byteOffset(PathElement.groupElement("msg_iovlen"));
    private static final long MSG_CONTROL = MSGHDR.byteOffset(PathElement.groupElement("msg_control"));
    private static final long MSG_CONTROLLEN = MSGHDR.byteOffset(PathElement.groupElement("msg_controllen"));
    private static final long MSG_FLAGS = MSGHDR.byteOffset(PathElement.groupElement("msg_flags"));
    private static final long CMSG_LEN_OFF = CMSGHDR.byteOffset(PathElement.groupElement("cmsg_len"));
    private static final long CMSG_LEVEL = CMSGHDR.byteOffset(PathElement.groupElement("cmsg_level"));
    private static final long CMSG_TYPE = CMSGHDR.byteOffset(PathElement.groupElement("cmsg_type"));


    private static final MethodHandle socketpair$mh = downcall("socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle sendmsg$mh = downcall("sendmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle recvmsg$mh = downcall("recvmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle fcntl$mh = downcall("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle waitpid$mh = downcall("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle kill$mh = downcall("kill",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    // the posix_spawn family returns an error number instead of setting errno
    private static final MethodHandle posix_spawn$mh = downcall("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle fa_init$mh = downcall("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle fa_destroy$mh = downcall("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle fa_adddup2$mh = downcall("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle fa_addclose$mh = downcall("posix_spawn_file_actions_addclose",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle fa_addopen$mh = downcall("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    private LibcSpawn() {
    }

    /** {@code CMSG_ALIGN(n)}: rounds up to a multiple of 8 ({@code sizeof(size_t)}). */
    public static long cmsgAlign(long n) {
        return (n + 7) & ~7L;
    }

    /** {@code CMSG_LEN(n)}: the {@code cmsg_len} of a message with {@code n} data bytes. */
    public static long cmsgLen(long n) {
        return CMSG_DATA_OFFSET + n;
    }

    /** {@code CMSG_SPACE(n)}: the bytes a message with {@code n} data bytes takes in the buffer. */
    public static long cmsgSpace(long n) {
        return CMSG_DATA_OFFSET + cmsgAlign(n);
    }

    // ---- sockets -------------------------------------------------------------------------------

    /**
     * {@code socketpair(domain, type, 0, sv)}.
     *
     * @param domain e.g. {@link #AF_UNIX}
     * @param type   e.g. {@code SOCK_STREAM | SOCK_CLOEXEC}
     * @return the two connected ends
     * @throws LibcException if the call fails
     */
    public static int[] socketpair(int domain, int type) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            MemorySegment sv = arena.allocate(JAVA_INT, 2);
            int r;
            try {
                r = (int) socketpair$mh.invokeExact(cs, domain, type, 0, sv);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r == -1) {
                throw new LibcException("socketpair", domain + ", " + type, errnoAt(cs));
            }
            return new int[] {sv.getAtIndex(JAVA_INT, 0), sv.getAtIndex(JAVA_INT, 1)};
        }
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            MemorySegment buf = arena.allocate(1);
            buf.set(JAVA_BYTE, 0, data);
            MemorySegment iov = arena.allocate(Libc.IOVEC);
            iov.set(ADDRESS, 0, buf);
            iov.set(JAVA_LONG, 8, 1L);
            MemorySegment control = arena.allocate(cmsgSpace(4), 8);
            control.set(JAVA_LONG, CMSG_LEN_OFF, cmsgLen(4));
            control.set(JAVA_INT, CMSG_LEVEL, SOL_SOCKET);
            control.set(JAVA_INT, CMSG_TYPE, SCM_RIGHTS);
            control.set(JAVA_INT, CMSG_DATA_OFFSET, fd);
            MemorySegment msg = arena.allocate(MSGHDR);
            msg.set(ADDRESS, MSG_IOV, iov);
            msg.set(JAVA_LONG, MSG_IOVLEN, 1L);
            msg.set(ADDRESS, MSG_CONTROL, control);
            msg.set(JAVA_LONG, MSG_CONTROLLEN, control.byteSize());
            long n;
            try {
                n = (long) sendmsg$mh.invokeExact(cs, socket, msg, 0);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (n == -1) {
                throw new LibcException("sendmsg", Integer.toString(socket), errnoAt(cs));
            }
        }
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            MemorySegment buf = arena.allocate(1);
            MemorySegment iov = arena.allocate(Libc.IOVEC);
            iov.set(ADDRESS, 0, buf);
            iov.set(JAVA_LONG, 8, 1L);
            MemorySegment control = arena.allocate(cmsgSpace(4), 8);
            MemorySegment msg = arena.allocate(MSGHDR);
            msg.set(ADDRESS, MSG_IOV, iov);
            msg.set(JAVA_LONG, MSG_IOVLEN, 1L);
            msg.set(ADDRESS, MSG_CONTROL, control);
            msg.set(JAVA_LONG, MSG_CONTROLLEN, control.byteSize());
            long n;
            try {
                n = (long) recvmsg$mh.invokeExact(cs, socket, msg, MSG_CMSG_CLOEXEC);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (n == -1) {
                throw new LibcException("recvmsg", Integer.toString(socket), errnoAt(cs));
            }
            long controlLen = msg.get(JAVA_LONG, MSG_CONTROLLEN);
            if (n == 0 || controlLen < cmsgLen(4)) {
                return -1;
            }
            // CMSG_FIRSTHDR: the one message the buffer has room for
            if (control.get(JAVA_INT, CMSG_LEVEL) != SOL_SOCKET || control.get(JAVA_INT, CMSG_TYPE) != SCM_RIGHTS
                    || control.get(JAVA_LONG, CMSG_LEN_OFF) < cmsgLen(4)) {
                return -1;
            }
            return control.get(JAVA_INT, CMSG_DATA_OFFSET);
        }
    }

    // ---- descriptors ---------------------------------------------------------------------------

    /**
     * {@code fcntl(fd, cmd, arg)} for the int-argument commands ({@link #F_GETFD}, {@link #F_SETFD}).
     *
     * @param fd  the descriptor
     * @param cmd the command
     * @param arg its argument (ignored by F_GETFD)
     * @return the call's result
     * @throws LibcException if the call fails
     */
    public static int fcntl(int fd, int cmd, int arg) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            int r;
            try {
                r = (int) fcntl$mh.invokeExact(cs, fd, cmd, arg);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r == -1) {
                throw new LibcException("fcntl", fd + ", " + cmd, errnoAt(cs));
            }
            return r;
        }
    }

    // ---- processes -----------------------------------------------------------------------------

    /** What to do with the child's descriptors before it runs, as posix_spawn file actions. */
    public sealed interface FileAction {
        /**
         * {@code dup2(fd, newfd)} in the child (which clears close-on-exec on {@code newfd}).
         *
         * @param fd    the parent's descriptor
         * @param newfd where the child sees it; must differ from {@code fd}
         */
        record Dup2(int fd, int newfd) implements FileAction {
            /** Checks the descriptors. */
            public Dup2 {
                if (fd < 0 || newfd < 0 || fd == newfd) {
                    throw new IllegalArgumentException("dup2(" + fd + ", " + newfd + "): descriptors must be"
                            + " different and not negative");
                }
            }
        }

        /**
         * {@code close(fd)} in the child.
         *
         * @param fd the descriptor
         */
        record Close(int fd) implements FileAction {
        }

        /**
         * {@code open(path, flags, mode)} onto {@code fd} in the child.
         *
         * @param fd    the descriptor
         * @param path  the file
         * @param flags {@code O_*} flags
         * @param mode  the mode bits
         */
        record Open(int fd, String path, int flags, int mode) implements FileAction {
        }
    }

    /**
     * {@code posix_spawn(&pid, path, file_actions, NULL, argv, envp)}.
     *
     * @param path    the program, an absolute path (no PATH search)
     * @param argv    the arguments, {@code argv[0]} first
     * @param envp    the environment, {@code NAME=value} strings
     * @param actions the file actions, applied in order
     * @return the child's pid
     * @throws LibcException if posix_spawn (or building its file actions) fails, e.g. ENOENT
     */
    public static int posixSpawn(String path, List<String> argv, List<String> envp, List<FileAction> actions)
            throws LibcException {
        Objects.requireNonNull(path, "path");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fa = arena.allocate(FILE_ACTIONS_SIZE, 16);
            check("posix_spawn_file_actions_init", "", callInt(fa_init$mh, fa));
            try {
                for (FileAction a : actions) {
                    switch (a) {
                        case FileAction.Dup2 d -> check("posix_spawn_file_actions_adddup2",
                                d.fd() + ", " + d.newfd(), callInt3(fa_adddup2$mh, fa, d.fd(), d.newfd()));
                        case FileAction.Close c -> check("posix_spawn_file_actions_addclose",
                                Integer.toString(c.fd()), callInt2(fa_addclose$mh, fa, c.fd()));
                        case FileAction.Open o -> {
                            int r;
                            try {
                                r = (int) fa_addopen$mh.invokeExact(fa, o.fd(), cString(arena, o.path()),
                                        o.flags(), o.mode());
                            } catch (Throwable t) {
                                throw unexpected(t);
                            }
                            check("posix_spawn_file_actions_addopen", o.fd() + ", \"" + o.path() + '"', r);
                        }
                    }
                }
                MemorySegment pid = arena.allocate(JAVA_INT);
                int r;
                try {
                    r = (int) posix_spawn$mh.invokeExact(pid, cString(arena, path), fa, MemorySegment.NULL,
                            stringArray(arena, argv), stringArray(arena, envp));
                } catch (Throwable t) {
                    throw unexpected(t);
                }
                check("posix_spawn", '"' + path + '"', r);
                return pid.get(JAVA_INT, 0);
            } finally {
                callInt(fa_destroy$mh, fa);
            }
        }
    }

    /**
     * {@code waitpid(pid, &status, options)}.
     *
     * @param pid     the child
     * @param options 0 or {@link #WNOHANG}
     * @return the raw wait status, or -1 when {@code WNOHANG} was given and the child still runs
     * @throws LibcException if the call fails (e.g. ECHILD)
     */
    public static int waitpid(int pid, int options) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            MemorySegment status = arena.allocate(JAVA_INT);
            int r;
            try {
                r = (int) waitpid$mh.invokeExact(cs, pid, status, options);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r == -1) {
                throw new LibcException("waitpid", Integer.toString(pid), errnoAt(cs));
            }
            return r == 0 ? -1 : status.get(JAVA_INT, 0);
        }
    }

    /** {@code WIFEXITED(status)}. */
    public static boolean exited(int status) {
        return (status & 0x7f) == 0;
    }

    /** {@code WEXITSTATUS(status)}. */
    public static int exitStatus(int status) {
        return (status >> 8) & 0xff;
    }

    /** {@code WTERMSIG(status)} (meaningful when not {@link #exited(int)}). */
    public static int termSignal(int status) {
        return status & 0x7f;
    }

    /**
     * {@code kill(pid, sig)}.
     *
     * @param pid the process
     * @param sig the signal
     * @throws LibcException if the call fails (e.g. ESRCH)
     */
    public static void kill(int pid, int sig) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CALL_STATE);
            int r;
            try {
                r = (int) kill$mh.invokeExact(cs, pid, sig);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            if (r == -1) {
                throw new LibcException("kill", pid + ", " + sig, errnoAt(cs));
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static int callInt(MethodHandle mh, MemorySegment a) {
        try {
            return (int) mh.invokeExact(a);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static int callInt2(MethodHandle mh, MemorySegment a, int b) {
        try {
            return (int) mh.invokeExact(a, b);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static int callInt3(MethodHandle mh, MemorySegment a, int b, int c) {
        try {
            return (int) mh.invokeExact(a, b, c);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** The posix_spawn family returns the error number itself. */
    private static void check(String call, String argument, int r) throws LibcException {
        if (r != 0) {
            throw new LibcException(call, argument, r);
        }
    }

    private static MemorySegment cString(Arena arena, String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("string contains a NUL character: \"" + s + '"');
        }
        return arena.allocateFrom(s);
    }

    /** A NULL-terminated {@code char *[]}. */
    private static MemorySegment stringArray(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ADDRESS, i, cString(arena, strings.get(i)));
        }
        array.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }


}
