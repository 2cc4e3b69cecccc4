package dev.panamafuse.path;

import dev.panamafuse.Attr;
import dev.panamafuse.DirectoryEntry;
import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.Request;
import dev.panamafuse.SetAttr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A path filesystem for tests: a sorted map of path to mode, with every call's path recorded.
 * Simple on purpose (renames rewrite keys by prefix); synchronized.
 */
class FakePathFs implements PathFileSystem {
    final NavigableMap<String, Integer> files = new TreeMap<>();
    final ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();
    /** Inode number to report (0: let the library choose). */
    volatile long ino;
    /** Whether readdir gives attributes. */
    volatile boolean listAttrs = true;

    FakePathFs() {
        files.put("/", Mode.S_IFDIR | 0755);
    }

    static Attr attr(long ino, int mode) {
        return Attr.of(ino, mode, 1, 0, 0, 0, Instant.EPOCH);
    }

    private void record(String op, String path) {
        calls.add(op + " " + path);
    }

    String lastCall() {
        String last = null;
        for (String c : calls) {
            last = c;
        }
        return last;
    }

    private int mode(String path) {
        Integer m = files.get(path);
        if (m == null) {
            throw new FuseException(Errno.ENOENT);
        }
        return m;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    private void add(String path, int mode) {
        if (files.containsKey(path)) {
            throw new FuseException(Errno.EEXIST);
        }
        if (!Mode.isDirectory(mode(parentOf(path)))) {
            throw new FuseException(Errno.ENOTDIR);
        }
        files.put(path, mode);
    }

    private Map<String, Integer> subtree(String path) {
        return files.subMap(path + "/", true, path + "/\uffff", true);
    }

    @Override
    public synchronized Attr getattr(Request req, String path, long fh) {
        record("getattr" + (fh == FileSystem.NO_FH ? "" : "[" + fh + "]"), path);
        if (fh != FileSystem.NO_FH && !files.containsKey(path)) {
            return Attr.of(ino, Mode.S_IFREG | 0644, 0, 0, 0, 0, Instant.EPOCH); // open, unlinked
        }
        return attr(ino, mode(path));
    }

    @Override
    public synchronized Attr setattr(Request req, String path, SetAttr changes) {
        record("setattr" + (changes.hasFh() ? "[" + changes.fh() + "]" : ""), path);
        return getattr(req, path, changes.hasFh() ? changes.fh() : FileSystem.NO_FH);
    }

    @Override
    public synchronized void mkdir(Request req, String path, int mode) {
        record("mkdir", path);
        add(path, Mode.S_IFDIR | mode);
    }

    @Override
    public synchronized void mknod(Request req, String path, int mode, int rdev) {
        record("mknod", path);
        add(path, mode);
    }

    @Override
    public synchronized void symlink(Request req, String target, String path) {
        record("symlink", path);
        add(path, Mode.S_IFLNK | 0777);
    }

    @Override
    public synchronized void link(Request req, String existing, String path) {
        record("link", existing + " " + path);
        add(path, mode(existing));
    }

    @Override
    public synchronized OpenFile create(Request req, String path, int mode, int flags) {
        record("create", path);
        add(path, mode);
        return OpenFile.of(77);
    }

    @Override
    public synchronized OpenFile open(Request req, String path, int flags) {
        record("open", path);
        mode(path);
        return OpenFile.of(42);
    }

    @Override
    public synchronized void release(Request req, String path, long fh, int flags) {
        record("release[" + fh + "]", path);
    }

    @Override
    public synchronized void unlink(Request req, String path) {
        record("unlink", path);
        if (Mode.isDirectory(mode(path))) {
            throw new FuseException(Errno.EISDIR);
        }
        files.remove(path);
    }

    @Override
    public synchronized void rmdir(Request req, String path) {
        record("rmdir", path);
        mode(path);
        if (!subtree(path).isEmpty()) {
            throw new FuseException(Errno.ENOTEMPTY);
        }
        files.remove(path);
    }

    @Override
    public synchronized void rename(Request req, String from, String to, int flags) {
        record("rename(" + flags + ")", from + " " + to);
        mode(from);
        boolean exists = files.containsKey(to);
        if ((flags & FileSystem.RENAME_NOREPLACE) != 0 && exists) {
            throw new FuseException(Errno.EEXIST);
        }
        if ((flags & FileSystem.RENAME_EXCHANGE) != 0) {
            mode(to);
            Map<String, Integer> a = take(from);
            Map<String, Integer> b = take(to);
            a.forEach((k, v) -> files.put(to + k.substring(from.length()), v));
            b.forEach((k, v) -> files.put(from + k.substring(to.length()), v));
            return;
        }
        if (exists && !subtree(to).isEmpty()) {
            throw new FuseException(Errno.ENOTEMPTY);
        }
        files.remove(to);
        take(from).forEach((k, v) -> files.put(to + k.substring(from.length()), v));
    }

    private Map<String, Integer> take(String path) {
        Map<String, Integer> moved = new TreeMap<>(subtree(path));
        moved.put(path, files.remove(path));
        moved.keySet().forEach(files::remove);
        return moved;
    }

    @Override
    public synchronized List<DirectoryEntry> readdir(Request req, String path, long fh) {
        record("readdir", path);
        mode(path);
        String prefix = path.equals("/") ? "/" : path + "/";
        List<DirectoryEntry> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : files.tailMap(prefix, false).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            String name = e.getKey().substring(prefix.length());
            if (!name.contains("/")) {
                out.add(listAttrs ? DirectoryEntry.of(name, attr(ino, e.getValue()))
                        : DirectoryEntry.of(name, e.getValue()));
            }
        }
        return out;
    }
}
