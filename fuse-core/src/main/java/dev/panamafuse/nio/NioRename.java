package dev.panamafuse.nio;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * {@code rename(2)} through {@code Files.move}.
 *
 * <p>On the default provider a rename is an atomic move, which is {@code rename(2)} itself (it
 * replaces the target atomically). Across file systems (another file system mounted inside the
 * tree) it fails with {@code EXDEV}, never copies: {@code mv} then copies and removes by itself,
 * as on any local file system. With {@code RENAME_NOREPLACE} an existing target fails with
 * {@code EEXIST} (checked, then renamed: not atomic against a file created meanwhile by another
 * program).
 *
 * <p>Other providers get no atomic move (the zip filesystem ignores {@code ATOMIC_MOVE} and moves
 * a directory by creating an empty one): a non-empty directory is refused with {@code EXDEV} (so
 * {@code mv} copies its contents); an existing target is checked the POSIX way (a directory
 * replaces only an empty directory, a file only a file), deleted, and then the source is moved.
 * That is not atomic: between the delete and the move the target name is missing, and a failed
 * move leaves it deleted.
 */
final class NioRename {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private NioRename() {
    }

    /**
     * Renames {@code from} to {@code to}.
     *
     * @param noReplace       fail with {@code EEXIST} when {@code to} exists
     * @param defaultProvider whether both are paths of the default provider
     */
    static void move(Path from, Path to, boolean noReplace, boolean defaultProvider) throws IOException {
        BasicFileAttributes source = Files.readAttributes(from, BasicFileAttributes.class, NOFOLLOW);
        if (noReplace && Files.exists(to, NOFOLLOW)) {
            throw new FileAlreadyExistsException(to.toString());
        }
        if (defaultProvider) {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new FuseException(Errno.EXDEV, from + " and " + to + " are on different file systems");
            }
        } else if (!from.equals(to)) {
            moveWithoutAtomicity(source, from, to);
        }
    }

    private static void moveWithoutAtomicity(BasicFileAttributes source, Path from, Path to) throws IOException {
        if (source.isDirectory()) {
            if (to.startsWith(from)) {
                throw new FuseException(Errno.EINVAL, "cannot move " + from + " into itself");
            }
            if (!isEmpty(from)) {
                throw new FuseException(Errno.EXDEV, "this provider cannot move the non-empty directory " + from);
            }
        }
        if (Files.exists(to, NOFOLLOW)) {
            checkReplaceable(source, to);
            Files.delete(to);
        }
        Files.move(from, to);
        if (source.isDirectory()) {
            Files.deleteIfExists(from); // the zip filesystem creates the target and leaves the source
        }
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (var entries = Files.newDirectoryStream(directory)) {
            return !entries.iterator().hasNext();
        }
    }

    private static void checkReplaceable(BasicFileAttributes source, Path to) throws IOException {
        boolean targetIsDirectory = Files.isDirectory(to, NOFOLLOW);
        if (source.isDirectory() && !targetIsDirectory) {
            throw new FuseException(Errno.ENOTDIR);
        }
        if (!source.isDirectory() && targetIsDirectory) {
            throw new FuseException(Errno.EISDIR);
        }
        if (targetIsDirectory && !isEmpty(to)) {
            throw new DirectoryNotEmptyException(to.toString());
        }
    }
}
