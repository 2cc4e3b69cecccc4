package dev.panamafuse.nio;

import dev.panamafuse.Errno;
import dev.panamafuse.FuseException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * {@code rename(2)} through {@code Files.move}. A plain rename is tried as an atomic move first
 * (on the default provider that is {@code rename(2)} itself, which replaces the target
 * atomically); a provider without atomic moves gets the POSIX checks (a directory only replaces
 * an empty directory, a file only a file) and a replacing move. With {@code RENAME_NOREPLACE} an
 * existing target fails with {@code EEXIST} (checked, then moved: not atomic against a file
 * created meanwhile by another program).
 */
final class NioRename {
    private NioRename() {
    }

    static void move(Path from, Path to, boolean noReplace) throws IOException {
        if (noReplace) {
            Files.move(from, to);
            return;
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | UnsupportedOperationException e) {
            checkReplaceable(from, to);
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void checkReplaceable(Path from, Path to) throws IOException {
        BasicFileAttributes source = Files.readAttributes(from, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        boolean targetIsDirectory = Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS);
        if (source.isDirectory() && !targetIsDirectory) {
            throw new FuseException(Errno.ENOTDIR);
        }
        if (!source.isDirectory() && targetIsDirectory) {
            throw new FuseException(Errno.EISDIR);
        }
        if (targetIsDirectory) {
            try (var entries = Files.newDirectoryStream(to)) {
                if (entries.iterator().hasNext()) {
                    throw new DirectoryNotEmptyException(to.toString());
                }
            }
        }
    }
}
