package dev.panamafuse.path;

import dev.panamafuse.DirectoryEntry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileNames;
import dev.panamafuse.FuseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An open directory: the path filesystem's own handle and the listing taken when the directory
 * was last read from offset 0. Offset {@code k} is index {@code k} of the listing "." , ".." and
 * then the filesystem's names, so offsets stay stable while the directory is read in chunks.
 * Names longer than the kernel takes are left out, before anything is counted.
 */
final class DirHandle {
    /** The longest name a directory entry can carry ({@code FUSE_NAME_MAX}); longer ones are left out. */
    private static final int NAME_MAX = 1024;
    final long userFh;
    private volatile List<DirectoryEntry> entries;

    DirHandle(long userFh) {
        this.userFh = userFh;
    }

    /**
     * The listing for a read from {@code offset}: a new one from {@code lister} at offset 0 (a
     * rewind) or when none was taken yet, else the one kept.
     */
    List<DirectoryEntry> entries(long offset, Supplier<List<DirectoryEntry>> lister) {
        List<DirectoryEntry> kept = entries;
        if (offset == 0 || kept == null) {
            kept = withoutDots(lister.get());
            entries = kept;
        }
        return kept;
    }

    private static List<DirectoryEntry> withoutDots(List<DirectoryEntry> listed) {
        if (listed == null) {
            throw new FuseException(Errno.EIO, "readdir returned null");
        }
        List<DirectoryEntry> names = new ArrayList<>(listed.size());
        for (DirectoryEntry e : listed) {
            if (e == null) {
                throw new FuseException(Errno.EIO, "readdir returned a null entry");
            }
            if (!e.name().equals(".") && !e.name().equals("..") && FileNames.byteLength(e.name()) <= NAME_MAX) {
                names.add(e);
            }
        }
        return names;
    }
}
