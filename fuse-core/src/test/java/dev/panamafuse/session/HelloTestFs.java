package dev.panamafuse.session;

import static dev.panamafuse.session.SessionTest.CONTENT;
import static dev.panamafuse.session.SessionTest.HELLO;
import static dev.panamafuse.session.SessionTest.ROOT;
import static dev.panamafuse.session.SessionTest.TIME;

import dev.panamafuse.Attr;
import dev.panamafuse.CreatedFile;
import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.SetAttr;
import dev.panamafuse.StatFs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/** A hello-world filesystem: "/" holds "hello" (14 bytes); files can be created; xattrs on "hello". */
final class HelloTestFs implements FileSystem {
    final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
    final AtomicReference<SetAttr> setattr = new AtomicReference<>();
    final AtomicReference<byte[]> written = new AtomicReference<>();

    @Override
    public Entry lookup(Request req, long parent, String name) {
        calls.add("lookup " + parent + " " + name + " unique=" + req.unique() + " op=" + req.operation()
                + " node=" + req.nodeid() + " uid=" + req.uid() + " gid=" + req.gid() + " pid=" + req.pid());
        if (parent == ROOT && name.equals("hello")) {
            return Entry.of(HELLO);
        }
        throw new FuseException(Errno.ENOENT);
    }

    @Override
    public Attr getattr(Request req, long nodeid, long fh) {
        calls.add("getattr " + nodeid + " fh=" + fh);
        if (nodeid == ROOT) {
            return SessionTest.ROOT;
        }
        if (nodeid == 2) {
            return HELLO;
        }
        throw new FuseException(Errno.ENOENT);
    }

    @Override
    public Attr setattr(Request req, long nodeid, SetAttr changes) {
        setattr.set(changes);
        return new Attr(2, Mode.S_IFREG | (changes.mode() & 07777), 1, 1000, 1000, 0, changes.size(), 3, 0,
                TIME, changes.mtime() != null ? changes.mtime() : TIME, TIME, 0);
    }

    @Override
    public OpenFile open(Request req, long nodeid, int flags) {
        calls.add("open " + nodeid + " flags=0x" + Integer.toHexString(flags));
        if (nodeid != 2) {
            throw new FuseException(Errno.EISDIR);
        }
        return OpenFile.of(0x10, OpenFile.KEEP_CACHE);
    }

    @Override
    public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
        calls.add("read " + nodeid + " fh=" + fh + " off=" + offset + " size=" + dest.byteSize());
        int n = (int) Math.max(0, Math.min(dest.byteSize(), CONTENT.length - offset));
        MemorySegment.copy(CONTENT, (int) offset, dest, ValueLayout.JAVA_BYTE, 0, n);
        return n;
    }

    @Override
    public int write(Request req, long nodeid, long fh, long offset, MemorySegment data, int writeFlags) {
        calls.add("write " + nodeid + " fh=" + fh + " off=" + offset + " flags=" + writeFlags + " readOnly="
                + data.isReadOnly());
        written.set(data.toArray(ValueLayout.JAVA_BYTE));
        return (int) data.byteSize();
    }

    @Override
    public void release(Request req, long nodeid, long fh, int flags) {
        calls.add("release " + nodeid + " fh=" + fh + " flags=0x" + Integer.toHexString(flags));
    }

    @Override
    public void readdir(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
        calls.add("readdir " + nodeid + " fh=" + fh + " off=" + offset);
        String[] names = {".", "..", "hello"};
        long[] inos = {1, 1, 2};
        int[] modes = {SessionTest.ROOT.mode(), SessionTest.ROOT.mode(), HELLO.mode()};
        for (int i = (int) offset; i < names.length; i++) {
            if (!filler.add(names[i], inos[i], modes[i], i + 1)) {
                return;
            }
        }
    }

    @Override
    public StatFs statfs(Request req, long nodeid) {
        return new StatFs(1000, 800, 700, 50, 40, 4096, 255, 4096);
    }

    @Override
    public CreatedFile create(Request req, long parent, String name, int mode, int umask, int flags) {
        calls.add("create " + parent + " " + name + " mode=0" + Integer.toOctalString(mode) + " umask=0"
                + Integer.toOctalString(umask) + " flags=0x" + Integer.toHexString(flags));
        Attr a = Attr.of(3, mode & ~umask, 1, req.uid(), req.gid(), 0, TIME);
        return new CreatedFile(new Entry(3, 7, a, null, null), OpenFile.of(0x20, OpenFile.DIRECT_IO));
    }

    @Override
    public void rename(Request req, long parent, String name, long newParent, String newName, int flags) {
        calls.add("rename " + parent + " " + name + " -> " + newParent + " " + newName + " flags=" + flags);
    }

    @Override
    public byte[] getxattr(Request req, long nodeid, String name) {
        if (name.equals("user.greeting")) {
            return "hi there".getBytes(StandardCharsets.US_ASCII);
        }
        throw new FuseException(Errno.ENODATA);
    }

    @Override
    public List<String> listxattr(Request req, long nodeid) {
        return List.of("user.greeting", "user.x");
    }
}
