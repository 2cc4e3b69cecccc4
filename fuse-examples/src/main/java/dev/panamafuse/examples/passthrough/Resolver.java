package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Errno;
import dev.panamafuse.ffm.posix.AtCalls;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.OpenFlags;

/**
 * Opens one entry of a source directory as an {@code O_PATH | O_NOFOLLOW} descriptor: the name is
 * a single component ({@link NameCheck#check}), a symbolic link is opened as itself and never
 * followed, and where the kernel has {@code openat2(2)} the lookup also runs with
 * {@code RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS}, so even a name that
 * slipped past the check could not leave the directory. Kernels without {@code openat2}
 * ({@code ENOSYS}, before 5.6) get {@code openat} with {@code O_NOFOLLOW}.
 */
final class Resolver {
    private static final int FLAGS = OpenFlags.O_PATH | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC;
    private static final long RESOLVE = OpenFlags.RESOLVE_BENEATH | OpenFlags.RESOLVE_NO_MAGICLINKS
            | OpenFlags.RESOLVE_NO_SYMLINKS;
    private static final int RETRIES = 8;
    private static volatile boolean hasOpenat2 = true;

    private Resolver() {
    }

    /**
     * Opens {@code name} in the directory {@code dirfd}.
     *
     * @param dirfd a directory descriptor
     * @param name  a name that passed {@link NameCheck#check}
     * @return an {@code O_PATH} descriptor of the entry, which the caller owns
     */
    static int child(int dirfd, String name) {
        NameCheck.check(name);
        return SourceCalls.call(() -> open(dirfd, name));
    }

    /**
     * Opens the relative path {@code path} beneath the directory {@code dirfd} without following
     * any symbolic link and without leaving the directory ({@code openat2} with the flags above;
     * one component at a time with {@code openat(O_NOFOLLOW)} on kernels without it).
     *
     * @param dirfd a directory descriptor
     * @param path  components separated by '/', none of them "." or ".."
     * @return an {@code O_PATH} descriptor, which the caller owns
     * @throws LibcException if a component is missing, a symbolic link, or not a directory
     */
    static int beneath(int dirfd, String path) throws LibcException {
        if (hasOpenat2) {
            return open(dirfd, path);
        }
        int at = dirfd;
        int from = 0;
        while (true) {
            int slash = path.indexOf('/', from);
            String name = NameCheck.check(slash < 0 ? path.substring(from) : path.substring(from, slash));
            int next;
            try {
                next = AtCalls.openat(at, name, FLAGS, 0);
            } finally {
                if (at != dirfd) {
                    SourceCalls.closeQuietly(at);
                }
            }
            if (slash < 0) {
                return next;
            }
            at = next;
            from = slash + 1;
        }
    }

    private static int open(int dirfd, String name) throws LibcException {
        for (int attempt = 0; hasOpenat2; attempt++) {
            try {
                return AtCalls.openat2(dirfd, name, FLAGS, 0, RESOLVE);
            } catch (LibcException e) {
                if (e.errno() == Errno.ENOSYS.code()) {
                    hasOpenat2 = false;
                } else if (e.errno() != Errno.EAGAIN.code() || attempt >= RETRIES) {
                    throw e;
                }
            }
        }
        return AtCalls.openat(dirfd, name, FLAGS, 0);
    }

    /** Whether lookups use {@code openat2} (false once the kernel answered ENOSYS). */
    static boolean usesOpenat2() {
        return hasOpenat2;
    }
}
