package dev.panamafuse.nio;

import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The open files of one {@link NioPathFs}, by the handle numbers given to the kernel. */
final class OpenFiles {
    /**
     * One open file.
     *
     * @param handle its reads and writes
     * @param live   what {@code fstat(2)} answers for it on the default provider, else null
     */
    record Opened(OpenHandle handle, LiveAttributes live) {
    }

    private final Map<Long, Opened> open = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong(1);

    /** Registers an open file; returns its handle number. */
    long add(Opened file) {
        long fh = next.getAndIncrement();
        open.put(fh, file);
        return fh;
    }

    /** The open file {@code fh}; {@code EBADF} when it is not open. */
    Opened get(long fh) {
        Opened file = find(fh);
        if (file == null) {
            throw new FuseException(Errno.EBADF, "file handle " + fh + " is not open");
        }
        return file;
    }

    /** The open file {@code fh}, or null when it is {@link FileSystem#NO_FH} or not one of ours. */
    Opened find(long fh) {
        return fh == FileSystem.NO_FH ? null : open.get(fh);
    }

    /** Forgets and closes {@code fh}; errors of the close are ignored, as the kernel ignores them. */
    void close(long fh) {
        Opened file = open.remove(fh);
        if (file != null) {
            try {
                file.handle().close();
            } catch (IOException e) {
                // a writable channel reported its errors at write or flush
            }
        }
    }

    /** Closes every open file. */
    void closeAll() {
        for (Long fh : List.copyOf(open.keySet())) {
            close(fh);
        }
    }
}
