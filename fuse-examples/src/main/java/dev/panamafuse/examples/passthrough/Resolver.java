package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Errno;
import dev.panamafuse.ffm.internal.Libc;
import dev.panamafuse.ffm.internal.LibcAt;
import dev.panamafuse.ffm.internal.LibcException;

/**
 * Opens one entry of a source directory as an {@code O_PATH | O_NOFOLLOW} descriptor: the name is
 * a single component ({@link Names#check}), a symbolic link is opened as itself and never
 * followed, and where the kernel has {@code openat2(2)} the lookup also runs with
 * {@code RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS}, so even a name that
 * slipped past the check could not leave the directory. Kernels without {@code openat2}
 * ({@code ENOSYS}, before 5.6) get {@code openat} with {@code O_NOFOLLOW}.
 */
final class Resolver {
    private static final int FLAGS = LibcAt.O_PATH | LibcAt.O_NOFOLLOW | Libc.O_CLOEXEC;
    private static final long RESOLVE = LibcAt.RESOLVE_BENEATH | LibcAt.RESOLVE_NO_MAGICLINKS
            | LibcAt.RESOLVE_NO_SYMLINKS;
    private static final int RETRIES = 8;
    private static volatile boolean hasOpenat2 = true;

    private Resolver() {
    }

    /**
     * Opens {@code name} in the directory {@code dirfd}.
     *
     * @param dirfd a directory descriptor
     * @param name  a name that passed {@link Names#check}
     * @return an {@code O_PATH} descriptor of the entry, which the caller owns
     */
    static int child(int dirfd, String name) {
        Names.check(name);
        return Sys.call(() -> open(dirfd, name));
    }

    private static int open(int dirfd, String name) throws LibcException {
        for (int attempt = 0; hasOpenat2; attempt++) {
            try {
                return LibcAt.openat2(dirfd, name, FLAGS, 0, RESOLVE);
            } catch (LibcException e) {
                if (e.errno() == Errno.ENOSYS.code()) {
                    hasOpenat2 = false;
                } else if (e.errno() != Errno.EAGAIN.code() || attempt >= RETRIES) {
                    throw e;
                }
            }
        }
        return LibcAt.openat(dirfd, name, FLAGS, 0);
    }

    /** Whether lookups use {@code openat2} (false once the kernel answered ENOSYS). */
    static boolean usesOpenat2() {
        return hasOpenat2;
    }
}
