package dev.panamafuse.path;

import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import java.util.ArrayList;
import java.util.List;

/** A directory filler that takes at most {@code room} entries and records them. */
final class RecordingFiller implements DirectoryFiller {
    record Added(String name, long ino, int mode, long next, Entry entry) {
    }

    final List<Added> added = new ArrayList<>();
    private final boolean plus;
    private int room;

    RecordingFiller(boolean plus, int room) {
        this.plus = plus;
        this.room = room;
    }

    @Override
    public boolean add(String name, long ino, int mode, long nextOffset) {
        if (plus) {
            throw new IllegalStateException("plus filler");
        }
        return take(new Added(name, ino, mode, nextOffset, null));
    }

    @Override
    public boolean add(String name, Entry entry, long nextOffset) {
        if (!plus) {
            throw new IllegalStateException("plain filler");
        }
        return take(new Added(name, entry.attr().ino(), entry.attr().mode(), nextOffset, entry));
    }

    private boolean take(Added a) {
        if (room == 0) {
            return false;
        }
        room--;
        added.add(a);
        return true;
    }

    @Override
    public boolean isPlus() {
        return plus;
    }

    List<String> names() {
        return added.stream().map(Added::name).toList();
    }

    long lastNext() {
        return added.getLast().next();
    }
}
