package dev.panamafuse.examples.passthrough;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.panamafuse.FileNames;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an open source directory with {@code getdents64(2)}. Entries carry the source's own
 * {@code d_off} as their next offset, so offsets are as stable as the source makes them.
 *
 * <p>The kernel asks again for the tail of the last reply when its caller's buffer was full.
 * Those entries are answered from the window of entries this stream has read, not by seeking the
 * source: a seek would land on a cookie whose entry may have been removed meanwhile, and some
 * filesystems (tmpfs) then resume elsewhere, repeating entries. Only an offset outside the
 * window (a {@code seekdir}) seeks the source, and so does offset 0 ({@code rewinddir}), which
 * must show the directory as it is now.
 *
 * <p>A name the source returns twice in one pass is left out the second time: tmpfs (Linux 6.18)
 * starts over from its first entry when every entry after its position was removed while the
 * directory was open, and without this a listing would repeat names. POSIX leaves it open
 * whether a name added during a listing is returned, so dropping one re-created meanwhile is
 * allowed. The names are remembered up to {@link #PASS_NAMES} per pass.
 */
final class DirStream {
    private static final int BUFFER = 32 * 1024;
    private static final long D_INO = 0;
    private static final long D_OFF = 8;
    private static final long D_RECLEN = 16;
    private static final long D_TYPE = 18;
    private static final long D_NAME = 19;
    /** How many names of one pass are remembered to leave repeats out. */
    static final int PASS_NAMES = 1 << 20;

    /** Takes one entry; returns false to stop before it (it is then delivered again next time). */
    @FunctionalInterface
    interface Visitor {
        /**
         * Takes an entry.
         *
         * @param name       the entry's name
         * @param ino        its inode number in the source
         * @param type       its type as mode bits ({@code d_type << 12}), 0 if unknown
         * @param nextOffset the offset after it
         * @return false to stop with this entry not taken
         */
        boolean accept(String name, long ino, int type, long nextOffset);
    }

    private record Dirent(String name, long ino, int type, long next) {
    }

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buf = arena.allocate(BUFFER, 8);
    /** Entries read from the source, from the one after {@link #windowStart} on. */
    private final List<Dirent> window = new ArrayList<>();
    /** The offset before the first entry of the window. */
    private long windowStart;
    /** The index in the window of the next entry to deliver. */
    private int next;
    private boolean atEnd;
    /** The names read from the source since the last seek. */
    private final Set<String> passNames = new HashSet<>();

    DirStream(int fd) {
        this.fd = fd;
    }

    /**
     * Delivers entries from {@code offset} on until the visitor stops or the directory ends.
     *
     * @param offset  0 for the start, else a next offset delivered before
     * @param visitor takes the entries
     */
    synchronized void read(long offset, Visitor visitor) {
        position(offset);
        int first = next;
        while (true) {
            if (next == window.size()) {
                if (atEnd || !fill(first)) {
                    return;
                }
                first = 0;
                continue;
            }
            Dirent d = window.get(next);
            if (!visitor.accept(d.name(), d.ino(), d.type(), d.next())) {
                return;
            }
            next++;
        }
    }

    /** Points {@link #next} at the entry after {@code offset}, seeking the source if it is not in the window. */
    private void position(long offset) {
        if (offset != 0 && offset == windowStart) {
            next = 0;
            return;
        }
        for (int i = 0; offset != 0 && i < window.size(); i++) {
            if (window.get(i).next() == offset) {
                next = i + 1;
                return;
            }
        }
        SourceCalls.call(() -> DescriptorCalls.lseek(fd, offset, DescriptorCalls.SEEK_SET));
        window.clear();
        passNames.clear();
        windowStart = offset;
        next = 0;
        atEnd = false;
    }

    /** Reads more entries, keeping those from index {@code keep} on; false at the end. */
    private boolean fill(int keep) {
        if (keep > 0) {
            windowStart = window.get(keep - 1).next();
            window.subList(0, keep).clear();
            next -= keep;
        }
        int n = SourceCalls.call(() -> DescriptorCalls.getdents64(fd, buf));
        if (n == 0) {
            atEnd = true;
            return false;
        }
        for (int pos = 0; pos < n; ) {
            MemorySegment e = buf.asSlice(pos);
            int reclen = Short.toUnsignedInt(e.get(JAVA_SHORT, D_RECLEN));
            String name = name(e, reclen);
            if (passNames.size() >= PASS_NAMES || passNames.add(name)) {
                window.add(new Dirent(name, e.get(JAVA_LONG, D_INO), (e.get(JAVA_BYTE, D_TYPE) & 0xff) << 12,
                        e.get(JAVA_LONG, D_OFF)));
            } else if (!window.isEmpty()) {
                // a repeat: the entry before it now leads to where the repeat would have
                Dirent last = window.removeLast();
                window.add(new Dirent(last.name(), last.ino(), last.type(), e.get(JAVA_LONG, D_OFF)));
            }
            pos += reclen;
        }
        return true;
    }

    private static String name(MemorySegment e, int reclen) {
        int len = 0;
        while (D_NAME + len < reclen && e.get(JAVA_BYTE, D_NAME + len) != 0) {
            len++;
        }
        return FileNames.decode(e.asSlice(D_NAME, len).toArray(JAVA_BYTE));
    }

    /** Frees the buffer (the descriptor belongs to the open-file table). */
    synchronized void close() {
        arena.close();
    }
}
