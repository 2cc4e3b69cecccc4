package dev.panamafuse.path;

import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The nodes the kernel knows, as a tree: node id → node in a concurrent map, and each node's
 * parent, name and known children. A path is built by walking up from a node (cost: its depth);
 * a rename changes one parent pointer, so a directory's whole subtree follows it. Lookup counts
 * come from {@link #acquire} and go back with {@link #forget}; a node with no lookups and no known
 * children is dropped, and so, in turn, may be its parent. Node ids are never reused.
 *
 * <p>One lock guards the tree's structure; every operation under it is a few map operations, and
 * no filesystem code runs under it.
 */
final class NodeTable {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, Node> byId = new ConcurrentHashMap<>();
    private final Node root = new Node(FileSystem.ROOT, null, "");
    private long nextId = FileSystem.ROOT + 1;

    NodeTable() {
        root.lookups = 1; // the kernel never forgets the root for good
        byId.put(root.id, root);
    }

    /**
     * Finds a node and its path.
     *
     * @throws FuseException ESTALE for a node id the table does not know
     */
    Located locate(long nodeid) {
        Node node = byId.get(nodeid);
        if (node == null) {
            throw new FuseException(Errno.ESTALE, "node id " + nodeid + " is not known");
        }
        lock.lock();
        try {
            return locateLocked(node);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The node of an id.
     *
     * @throws FuseException ESTALE for a node id the table does not know
     */
    Node node(long nodeid) {
        Node node = byId.get(nodeid);
        if (node == null) {
            throw new FuseException(Errno.ESTALE, "node id " + nodeid + " is not known");
        }
        return node;
    }

    /**
     * The path a node has now.
     *
     * @throws FuseException ENOENT when the node was unlinked or renamed over, ESTALE when unknown
     */
    String path(long nodeid) {
        Located l = locate(nodeid);
        if (!l.live()) {
            throw new FuseException(Errno.ENOENT, l.path() + " was removed");
        }
        return l.path();
    }

    /** The path a node has, or the one it had when it was unlinked or renamed over. */
    String lastPath(long nodeid) {
        return locate(nodeid).path();
    }

    /** The path of {@code name} in directory {@code parent} (which must be live). */
    String childPath(long parent, String name) {
        String dir = path(parent);
        return dir.length() == 1 ? "/" + name : dir + "/" + name;
    }

    /** The node id of a directory's parent: the root's for the root and for an unknown or detached node. */
    long parentId(long nodeid) {
        Node node = byId.get(nodeid);
        lock.lock();
        try {
            return node == null || node.parent == null ? FileSystem.ROOT : node.parent.id;
        } finally {
            lock.unlock();
        }
    }

    /** Finds or creates the node of {@code name} in {@code parent} and counts one lookup of it. */
    Node acquire(long parent, String name) {
        Node dir = byId.get(parent);
        if (dir == null) {
            throw new FuseException(Errno.ESTALE, "node id " + parent + " is not known");
        }
        lock.lock();
        try {
            Node child = dir.child(name);
            if (child == null) {
                child = new Node(nextId++, dir, name);
                dir.attach(name, child);
                byId.put(child.id, child);
            }
            child.lookups++;
            return child;
        } finally {
            lock.unlock();
        }
    }

    /** Drops {@code count} lookups of a node ({@code FORGET}); unknown ids and the root are ignored. */
    void forget(long nodeid, long count) {
        if (nodeid == FileSystem.ROOT) {
            return;
        }
        Node node = byId.get(nodeid);
        if (node == null) {
            return;
        }
        lock.lock();
        try {
            node.lookups -= count;
            dropIfUnused(node);
        } finally {
            lock.unlock();
        }
    }

    /** Detaches {@code name} of {@code parent} after an unlink or rmdir, if the table knows it. */
    void removed(long parent, String name) {
        Node dir = byId.get(parent);
        if (dir == null) {
            return;
        }
        lock.lock();
        try {
            Node child = dir.child(name);
            if (child != null) {
                detach(child);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the known nodes after a rename: without {@code exchange} the node at the new name is
     * detached (it was replaced) and the old name's node moves there with its subtree; with
     * {@code exchange} the two swap places.
     */
    void renamed(long parent, String name, long newParent, String newName, boolean exchange) {
        Node from = byId.get(parent);
        Node to = byId.get(newParent);
        lock.lock();
        try {
            Node src = from == null ? null : from.child(name);
            Node dst = to == null ? null : to.child(newName);
            if (src != null && src == dst) {
                return;
            }
            if (exchange) {
                lift(src);
                lift(dst);
                place(src, to, newName);
                place(dst, from, name);
            } else {
                if (dst != null) {
                    detach(dst);
                }
                lift(src);
                place(src, to, newName);
            }
            if (from != null) {
                dropIfUnused(from);
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many nodes the table holds, the root included. */
    int size() {
        return byId.size();
    }

    /** The lookup count of a node, or -1 when the table does not hold it. */
    long lookups(long nodeid) {
        lock.lock();
        try {
            Node node = byId.get(nodeid);
            return node == null ? -1 : node.lookups;
        } finally {
            lock.unlock();
        }
    }

    private Located locateLocked(Node node) {
        if (node == root) {
            return new Located(node, "/", true);
        }
        int depth = 0;
        Node top = node;
        while (top.parent != null) {
            depth++;
            top = top.parent;
        }
        String[] names = new String[depth];
        Node x = node;
        for (int i = depth - 1; i >= 0; i--) {
            names[i] = x.name;
            x = x.parent;
        }
        StringBuilder path = new StringBuilder(top == root ? "" : top.detachedPath);
        for (String n : names) {
            path.append('/').append(n);
        }
        return new Located(node, path.toString(), top == root);
    }

    private void detach(Node node) {
        Node parent = node.parent;
        lift(node);
        dropIfUnused(node);
        if (parent != null) {
            dropIfUnused(parent);
        }
    }

    /** Takes a node out of the tree, remembering its path; a null node is ignored. */
    private void lift(Node node) {
        if (node != null && node.parent != null) {
            node.detachedPath = locateLocked(node).path();
            unlinkFromParent(node);
        }
    }

    private static void unlinkFromParent(Node node) {
        if (node != null && node.parent != null) {
            if (node.parent.children != null) {
                node.parent.children.remove(node.name, node);
                if (node.parent.children.isEmpty()) {
                    node.parent.children = null;
                }
            }
            node.parent = null;
        }
    }

    private static void place(Node node, Node parent, String name) {
        if (node == null || parent == null) {
            return; // with no known new parent the node stays detached, with its old path
        }
        node.parent = parent;
        node.name = name;
        node.detachedPath = null;
        parent.attach(name, node);
    }

    private void dropIfUnused(Node node) {
        while (node != null && node != root && node.unused()) {
            byId.remove(node.id, node);
            Node parent = node.parent;
            unlinkFromParent(node);
            node = parent;
        }
    }
}
