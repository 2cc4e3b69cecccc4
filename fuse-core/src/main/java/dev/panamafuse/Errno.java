package dev.panamafuse;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/**
 * Linux error numbers (x86_64 and aarch64 share these values), as a handler reports them with
 * {@link FuseException} and as the kernel receives them, negated, in {@code fuse_out_header.error}.
 *
 * <p>Aliases of Linux: {@code EWOULDBLOCK} is {@link #EAGAIN}, {@code ENOTSUP} is
 * {@link #EOPNOTSUPP} and {@code ENOATTR} (a missing extended attribute) is {@link #ENODATA}.
 */
public enum Errno {
    /** Operation not permitted (1). */
    EPERM(1, "Operation not permitted"),
    /** No such file or directory (2). */
    ENOENT(2, "No such file or directory"),
    /** No such process (3). */
    ESRCH(3, "No such process"),
    /** Interrupted system call (4). */
    EINTR(4, "Interrupted system call"),
    /** Input/output error (5). */
    EIO(5, "Input/output error"),
    /** No such device or address (6). */
    ENXIO(6, "No such device or address"),
    /** Argument list too long (7). */
    E2BIG(7, "Argument list too long"),
    /** Exec format error (8). */
    ENOEXEC(8, "Exec format error"),
    /** Bad file descriptor (9). */
    EBADF(9, "Bad file descriptor"),
    /** No child processes (10). */
    ECHILD(10, "No child processes"),
    /** Resource temporarily unavailable (11). */
    EAGAIN(11, "Resource temporarily unavailable"),
    /** Cannot allocate memory (12). */
    ENOMEM(12, "Cannot allocate memory"),
    /** Permission denied (13). */
    EACCES(13, "Permission denied"),
    /** Bad address (14). */
    EFAULT(14, "Bad address"),
    /** Block device required (15). */
    ENOTBLK(15, "Block device required"),
    /** Device or resource busy (16). */
    EBUSY(16, "Device or resource busy"),
    /** File exists (17). */
    EEXIST(17, "File exists"),
    /** Invalid cross-device link (18). */
    EXDEV(18, "Invalid cross-device link"),
    /** No such device (19). */
    ENODEV(19, "No such device"),
    /** Not a directory (20). */
    ENOTDIR(20, "Not a directory"),
    /** Is a directory (21). */
    EISDIR(21, "Is a directory"),
    /** Invalid argument (22). */
    EINVAL(22, "Invalid argument"),
    /** Too many open files in system (23). */
    ENFILE(23, "Too many open files in system"),
    /** Too many open files (24). */
    EMFILE(24, "Too many open files"),
    /** Inappropriate ioctl for device (25). */
    ENOTTY(25, "Inappropriate ioctl for device"),
    /** Text file busy (26). */
    ETXTBSY(26, "Text file busy"),
    /** File too large (27). */
    EFBIG(27, "File too large"),
    /** No space left on device (28). */
    ENOSPC(28, "No space left on device"),
    /** Illegal seek (29). */
    ESPIPE(29, "Illegal seek"),
    /** Read-only file system (30). */
    EROFS(30, "Read-only file system"),
    /** Too many links (31). */
    EMLINK(31, "Too many links"),
    /** Broken pipe (32). */
    EPIPE(32, "Broken pipe"),
    /** Numerical argument out of domain (33). */
    EDOM(33, "Numerical argument out of domain"),
    /** Numerical result out of range (34). */
    ERANGE(34, "Numerical result out of range"),
    /** Resource deadlock avoided (35). */
    EDEADLK(35, "Resource deadlock avoided"),
    /** File name too long (36). */
    ENAMETOOLONG(36, "File name too long"),
    /** No locks available (37). */
    ENOLCK(37, "No locks available"),
    /** Function not implemented (38). */
    ENOSYS(38, "Function not implemented"),
    /** Directory not empty (39). */
    ENOTEMPTY(39, "Directory not empty"),
    /** Too many levels of symbolic links (40). */
    ELOOP(40, "Too many levels of symbolic links"),
    /** No message of desired type (42). */
    ENOMSG(42, "No message of desired type"),
    /** Identifier removed (43). */
    EIDRM(43, "Identifier removed"),
    /** No data available (61). */
    ENODATA(61, "No data available"),
    /** Timer expired (62). */
    ETIME(62, "Timer expired"),
    /** Protocol error (71): the kernel's FUSE protocol version is not supported. */
    EPROTO(71, "Protocol error"),
    /** Value too large for defined data type (75). */
    EOVERFLOW(75, "Value too large for defined data type"),
    /** File descriptor in bad state (77). */
    EBADFD(77, "File descriptor in bad state"),
    /** Invalid or incomplete multibyte or wide character (84). */
    EILSEQ(84, "Invalid or incomplete multibyte or wide character"),
    /** Socket operation on non-socket (88). */
    ENOTSOCK(88, "Socket operation on non-socket"),
    /** Message too long (90). */
    EMSGSIZE(90, "Message too long"),
    /** Protocol not available (92). */
    ENOPROTOOPT(92, "Protocol not available"),
    /** Protocol not supported (93). */
    EPROTONOSUPPORT(93, "Protocol not supported"),
    /** Operation not supported (95). */
    EOPNOTSUPP(95, "Operation not supported"),
    /** Address family not supported by protocol (97). */
    EAFNOSUPPORT(97, "Address family not supported by protocol"),
    /** Address already in use (98). */
    EADDRINUSE(98, "Address already in use"),
    /** Software caused connection abort (103). */
    ECONNABORTED(103, "Software caused connection abort"),
    /** Connection reset by peer (104). */
    ECONNRESET(104, "Connection reset by peer"),
    /** No buffer space available (105). */
    ENOBUFS(105, "No buffer space available"),
    /** Transport endpoint is not connected (107). */
    ENOTCONN(107, "Transport endpoint is not connected"),
    /** Connection timed out (110). */
    ETIMEDOUT(110, "Connection timed out"),
    /** Connection refused (111). */
    ECONNREFUSED(111, "Connection refused"),
    /** Operation already in progress (114). */
    EALREADY(114, "Operation already in progress"),
    /** Operation now in progress (115). */
    EINPROGRESS(115, "Operation now in progress"),
    /** Stale file handle (116). */
    ESTALE(116, "Stale file handle"),
    /** Disk quota exceeded (122). */
    EDQUOT(122, "Disk quota exceeded"),
    /** Operation canceled (125). */
    ECANCELED(125, "Operation canceled");

    private static final Errno[] BY_CODE = new Errno[256];

    static {
        for (Errno e : values()) {
            BY_CODE[e.code] = e;
        }
    }

    private final int code;
    private final String description;

    Errno(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** {@return the positive Linux errno value, e.g. 2 for {@link #ENOENT}} */
    public int code() {
        return code;
    }

    /** {@return the text {@code strerror(3)} gives for this value in the C locale, e.g. "No such file or directory"} */
    public String description() {
        return description;
    }

    /**
     * The constant for a positive errno value.
     *
     * @param code a Linux errno value
     * @return the constant, or {@code null} when this enum does not name that value
     */
    public static Errno fromCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * A name for any errno value: the constant's name ("ENOENT"), or "errno N" for values this
     * enum does not name.
     *
     * @param code a Linux errno value
     * @return a short name for log and error messages
     */
    public static String nameOf(int code) {
        Errno e = fromCode(code);
        return e != null ? e.name() : "errno " + code;
    }

    /**
     * Maps an exception of {@code java.nio.file} or {@code java.nio.channels} to the errno a
     * POSIX filesystem would report for the same failure, so a handler backed by NIO can write
     * {@code throw new FuseException(Errno.of(e))}.
     *
     * <p>{@link NoSuchFileException} gives {@link #ENOENT}, {@link FileAlreadyExistsException}
     * {@link #EEXIST}, {@link DirectoryNotEmptyException} {@link #ENOTEMPTY},
     * {@link NotDirectoryException} {@link #ENOTDIR}, {@link AccessDeniedException}
     * {@link #EACCES}, {@link NotLinkException} {@link #EINVAL}, {@link FileSystemLoopException}
     * {@link #ELOOP}, {@link AtomicMoveNotSupportedException} {@link #EXDEV},
     * {@link ClosedChannelException} {@link #EBADF}; a {@link FileSystemException} whose reason
     * is the text of an errno (as the JDK's Unix provider writes them) gives that errno; anything
     * else gives {@link #EIO}.
     *
     * @param e the exception to map, not null
     * @return the matching errno
     */
    public static Errno of(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> ENOENT;
            case FileAlreadyExistsException x -> EEXIST;
            case DirectoryNotEmptyException x -> ENOTEMPTY;
            case NotDirectoryException x -> ENOTDIR;
            case AccessDeniedException x -> EACCES;
            case NotLinkException x -> EINVAL;
            case FileSystemLoopException x -> ELOOP;
            case AtomicMoveNotSupportedException x -> EXDEV;
            case ClosedChannelException x -> EBADF;
            case FileSystemException x -> byReason(x.getReason());
            default -> EIO;
        };
    }

    private static Errno byReason(String reason) {
        if (reason != null) {
            for (Errno e : values()) {
                if (e.description.equals(reason)) {
                    return e;
                }
            }
        }
        return EIO;
    }
}
