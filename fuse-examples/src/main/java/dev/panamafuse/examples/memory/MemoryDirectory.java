package dev.panamafuse.examples.memory;

import dev.panamafuse.Mode;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The entries of a directory. Each entry gets a cookie from an ever-growing counter when it is
 * added, and readdir offsets are derived from cookies, so an offset the kernel holds stays valid
 * while other entries are removed or added: entries after it are neither skipped nor repeated.
 */
final class MemoryDirectory {
    /** Offsets 1 and 2 are taken by "." and ".."; an entry with cookie c resumes at c + 2. */
    static final long FIRST_ENTRY_OFFSET = 2;

    /**
     * An entry: its name, the node it names and its cookie, plus the node's inode number and file
     * type (neither ever changes), so that a plain readdir need not visit the node.
     */
    record DirEntry(String name, MemoryNode node, long cookie, long ino, int type) {
    }

    private final Map<String, DirEntry> byName = new HashMap<>();
    private final NavigableMap<Long, DirEntry> byCookie = new TreeMap<>();
    private long nextCookie = 1;
    MemoryNode parent;

    MemoryDirectory(MemoryNode parent) {
        this.parent = parent;
    }

    MemoryNode get(String name) {
        DirEntry e = byName.get(name);
        return e == null ? null : e.node();
    }

    void put(String name, MemoryNode node) {
        remove(name);
        DirEntry e = new DirEntry(name, node, nextCookie++, node.ino, node.mode & Mode.S_IFMT);
        byName.put(name, e);
        byCookie.put(e.cookie(), e);
    }

    MemoryNode remove(String name) {
        DirEntry e = byName.remove(name);
        if (e == null) {
            return null;
        }
        byCookie.remove(e.cookie());
        return e.node();
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }

    int size() {
        return byName.size();
    }

    /** Entries to list after a readdir offset ≥ {@link #FIRST_ENTRY_OFFSET}, in cookie order. */
    Iterable<DirEntry> after(long offset) {
        return byCookie.tailMap(offset - FIRST_ENTRY_OFFSET, false).values();
    }
}
