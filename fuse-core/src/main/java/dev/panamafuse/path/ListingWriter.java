package dev.panamafuse.path;

import dev.panamafuse.Attr;
import dev.panamafuse.DirectoryEntry;
import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import dev.panamafuse.Mode;
import java.time.Instant;
import java.util.List;

/**
 * Writes a directory listing into a {@code readdir} or {@code readdirplus} reply from an offset
 * on: "." and ".." first, then the path filesystem's names. A {@code readdirplus} entry that
 * carries attributes counts one lookup of its node, taken back when the reply has no room for it;
 * one without attributes goes out with node id 0, which the kernel counts as nothing.
 */
final class ListingWriter {
    /** {@code d_ino} of a name whose node is not known yet, as libfuse's high-level API sends. */
    static final long UNKNOWN_INO = 0xffffffffL;

    private final NodeTable table;

    ListingWriter(NodeTable table) {
        this.table = table;
    }

    void write(long dir, long offset, List<DirectoryEntry> names, DirectoryFiller filler) {
        long end = names.size() + 2L;
        for (long i = offset; i < end; i++) {
            boolean added;
            if (i < 2) {
                String dot = i == 0 ? "." : "..";
                long ino = i == 0 ? dir : table.parentId(dir);
                added = filler.isPlus()
                        ? filler.add(dot, new Entry(0, 0, typeOnly(ino, Mode.S_IFDIR), null, null), i + 1)
                        : filler.add(dot, ino, Mode.S_IFDIR, i + 1);
            } else {
                DirectoryEntry e = names.get((int) (i - 2));
                added = filler.isPlus() ? addPlus(dir, e, filler, i + 1) : addPlain(e, filler, i + 1);
            }
            if (!added) {
                return;
            }
        }
    }

    private static boolean addPlain(DirectoryEntry e, DirectoryFiller filler, long next) {
        long ino = e.attr() != null && e.attr().ino() != 0 ? e.attr().ino() : UNKNOWN_INO;
        return filler.add(e.name(), ino, e.mode(), next);
    }

    private boolean addPlus(long dir, DirectoryEntry e, DirectoryFiller filler, long next) {
        if (e.attr() == null) {
            return filler.add(e.name(), new Entry(0, 0, typeOnly(UNKNOWN_INO, e.mode()), null, null), next);
        }
        Node child = table.acquire(dir, e.name());
        Attr attr = PathAdapter.withIno(e.attr(), child.id);
        child.lastAttr = attr;
        boolean added = false;
        try {
            added = filler.add(e.name(), new Entry(child.id, 0, attr, null, null), next);
            return added;
        } finally {
            if (!added) {
                table.forget(child.id, 1); // no room, or the reply failed: the kernel will not count it
            }
        }
    }

    private static Attr typeOnly(long ino, int mode) {
        return Attr.of(ino, Mode.type(mode), 1, 0, 0, 0, Instant.EPOCH);
    }
}
