package dev.panamafuse.ffm;

import dev.panamafuse.Attr;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.SetAttr;
import dev.panamafuse.ffm.internal.Libc;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.OpenFlags;
import dev.panamafuse.mount.BackingFiles;
import dev.panamafuse.mount.Capability;
import dev.panamafuse.mount.ConnectionInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A root directory holding one file, {@code data}, whose bytes live in a real file: with kernel
 * passthrough its opens name that file as backing file (one backing id per inode while it is open,
 * dropped at the last release), else reads and writes go through {@link #read} and {@link #write}.
 */
final class BackedFileFs implements FileSystem {
    static final String NAME = "data";
    private static final long DATA = 2;
    private static final Instant TIME = Instant.ofEpochSecond(1_700_000_000L);

    private final Path backing;
    private final boolean askPassthrough;
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger registrations = new AtomicInteger();
    final Set<Integer> closedIds = ConcurrentHashMap.newKeySet();
    volatile BackingFiles backingFiles;
    private int backingId;
    private int opens;

    BackedFileFs(Path backing, boolean askPassthrough) {
        this.backing = backing;
        this.askPassthrough = askPassthrough;
    }

    @Override
    public Set<Capability> capabilities() {
        return askPassthrough ? Set.of(Capability.PASSTHROUGH) : Set.of();
    }

    @Override
    public void init(ConnectionInfo connection) {
        backingFiles = connection.backingFiles();
    }

    @Override
    public Entry lookup(Request req, long parent, String name) {
        if (parent != 1 || !name.equals(NAME)) {
            throw new FuseException(Errno.ENOENT);
        }
        return new Entry(DATA, 0, attr(DATA), Duration.ZERO, Duration.ZERO);
    }

    @Override
    public Attr getattr(Request req, long nodeid, long fh) {
        return attr(nodeid);
    }

    private Attr attr(long nodeid) {
        if (nodeid == 1) {
            return Attr.of(1, Mode.S_IFDIR | 0755, 2, 0, 0, 0, TIME);
        }
        try {
            return Attr.of(DATA, Mode.S_IFREG | 0644, 1, 0, 0, Files.size(backing), TIME);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Attr setattr(Request req, long nodeid, SetAttr changes) {
        if ((changes.valid() & SetAttr.FATTR_SIZE) != 0) {
            try (FileChannel ch = FileChannel.open(backing, StandardOpenOption.WRITE)) {
                ch.truncate(changes.size());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return attr(nodeid);
    }

    /** When set, opens while the file is open with passthrough answer without it (against the kernel's rule). */
    volatile boolean mixModes;

    @Override
    public synchronized OpenFile open(Request req, long nodeid, int flags) {
        if (!backingFiles.available() || (mixModes && opens > 0)) {
            return OpenFile.of(nodeid);
        }
        if (opens == 0) {
            try {
                int fd = Libc.open(backing.toString(), OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
                try {
                    backingId = backingFiles.open(fd);
                    registrations.incrementAndGet();
                } finally {
                    DescriptorCalls.close(fd);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        opens++;
        return OpenFile.passthrough(nodeid, backingId);
    }

    @Override
    public synchronized void release(Request req, long nodeid, long fh, int flags) {
        if (backingFiles.available() && --opens == 0) {
            backingFiles.close(backingId);
            closedIds.add(backingId);
        }
    }

    @Override
    public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        reads.incrementAndGet();
        try (FileChannel ch = FileChannel.open(backing)) {
            return Math.max(0, ch.read(dest.asByteBuffer(), offset));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int write(Request req, long nodeid, long fh, long offset, MemorySegment data, int writeFlags) {
        writes.incrementAndGet();
        try (FileChannel ch = FileChannel.open(backing, StandardOpenOption.WRITE)) {
            return ch.write(data.asByteBuffer(), offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
