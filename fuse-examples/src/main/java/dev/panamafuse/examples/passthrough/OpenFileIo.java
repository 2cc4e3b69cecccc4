package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Attr;
import dev.panamafuse.Request;
import dev.panamafuse.examples.passthrough.OpenFiles.Handle;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import java.lang.foreign.MemorySegment;

/**
 * The operations of {@link PassthroughFs} on open files: READ and WRITE between the source
 * descriptor and the session's buffers without a copy ({@code pread}/{@code pwrite} of the
 * segments themselves), FLUSH, RELEASE, FSYNC, FALLOCATE, LSEEK and COPY_FILE_RANGE.
 *
 * @param nodes the source nodes and open files it works on
 * @param locks the forwarded locks, whose owner drops them at FLUSH
 */
record OpenFileIo(SourceNodes nodes, ForwardedLocks locks) {
    private static final int WRITE_CACHE = 1;
    private static final int WRITE_KILL_SUIDGID = 4;

    MemorySegment readSegment(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        int fd = nodes.files().get(fh).fd();
        long got = 0;
        while (got < dest.byteSize()) {
            long at = got;
            long n = SourceCalls.call(() -> DescriptorCalls.pread(fd, dest.asSlice(at), offset + at));
            if (n == 0) {
                break;
            }
            got += n;
        }
        return dest.asSlice(0, got);
    }

    int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        return (int) readSegment(req, nodeid, fh, offset, dest).byteSize();
    }

    int write(Request req, long nodeid, long fh, long offset, MemorySegment data, int writeFlags) {
        Handle h = nodes.files().get(fh);
        long done = 0;
        while (done < data.byteSize()) {
            long at = done;
            done += SourceCalls.call(() -> DescriptorCalls.pwrite(h.fd(), data.asSlice(at), offset + at));
        }
        if ((writeFlags & WRITE_KILL_SUIDGID) != 0 || (req.uid() != 0 && (writeFlags & WRITE_CACHE) == 0)) {
            // the kernel flags direct writes of callers without CAP_FSETID; the writer's group
            // decides about a set-group-id bit without group-execute, as in Linux
            Attr a = SourceAttributes.of(h.fd());
            AttributeChanges.killPrivileges(h.inode(), a, req.uid() != 0 ? req.gid() : a.gid());
        }
        return (int) done;
    }

    void flush(Request req, long nodeid, long fh, long lockOwner) {
        locks.release(nodeid, lockOwner);
        Handle h = nodes.files().find(fh);
        if (h != null) {
            // close a duplicate: a source that reports write errors at close (NFS) reports them here
            int dup = SourceCalls.call(() -> DescriptorCalls.dup(h.fd()));
            SourceCalls.run(() -> DescriptorCalls.close(dup));
        }
    }

    void release(Request req, long nodeid, long fh, int flags) {
        Handle h = nodes.files().close(fh);
        if (h != null && h.backingId() > 0) {
            nodes.backing().release(h.inode());
        }
    }

    void fsync(Request req, long nodeid, long fh, boolean datasync) {
        int fd = nodes.files().get(fh).fd();
        SourceCalls.run(() -> DescriptorCalls.fsync(fd, datasync));
    }

    void fallocate(Request req, long nodeid, long fh, int mode, long offset, long length) {
        int fd = nodes.files().get(fh).fd();
        SourceCalls.run(() -> DescriptorCalls.fallocate(fd, mode, offset, length));
    }

    long lseek(Request req, long nodeid, long fh, long offset, int whence) {
        int fd = nodes.files().get(fh).fd();
        return SourceCalls.call(() -> DescriptorCalls.lseek(fd, offset, whence));
    }

    long copyFileRange(Request req, long nodeidIn, long fhIn, long offsetIn, long nodeidOut, long fhOut,
                              long offsetOut, long length, int flags) {
        int in = nodes.files().get(fhIn).fd();
        int out = nodes.files().get(fhOut).fd();
        return SourceCalls.call(() -> DescriptorCalls.copyFileRange(in, offsetIn, out, offsetOut, length, flags));
    }
}
