package dev.panamafuse.path;

import dev.panamafuse.Attr;
import dev.panamafuse.FileSystem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One node the kernel knows: its place in the tree (parent and name), how many lookups the
 * kernel holds, and the children it knows. Guarded by the {@link NodeTable}'s lock, except
 * {@link #lastAttr}, which any thread may read or write, and the open handles, guarded by the node.
 */
final class Node {
    final long id;
    /** The parent directory; null for the root and for a node that was unlinked or renamed over. */
    Node parent;
    /** The name in {@link #parent}, "" for the root. */
    String name;
    /** Lookups the kernel holds. */
    long lookups;
    /** Known children by name; null while there are none. */
    Map<String, Node> children;
    /** The path the node had when it was detached from the tree, else null. */
    String detachedPath;
    /** The attributes last returned for this node, answered when it is detached and has no handle. */
    volatile Attr lastAttr;
    /** Handles of the files open on this node (the path filesystem's, maybe repeated); guarded by this node. */
    private List<Long> openHandles;

    Node(long id, Node parent, String name) {
        this.id = id;
        this.parent = parent;
        this.name = name;
    }

    Node child(String childName) {
        return children == null ? null : children.get(childName);
    }

    void attach(String childName, Node child) {
        if (children == null) {
            children = new HashMap<>(4);
        }
        children.put(childName, child);
    }


    /** An open of this node answered with handle {@code fh}. */
    synchronized void opened(long fh) {
        if (openHandles == null) {
            openHandles = new ArrayList<>(2);
        }
        openHandles.add(fh);
    }

    /** The open with handle {@code fh} was released. */
    synchronized void released(long fh) {
        if (openHandles != null) {
            openHandles.remove(Long.valueOf(fh));
        }
    }

    /** A handle of a file open on this node, or {@link FileSystem#NO_FH}. */
    synchronized long openHandle() {
        return openHandles == null || openHandles.isEmpty() ? FileSystem.NO_FH : openHandles.get(0);
    }

    boolean unused() {
        return lookups <= 0 && children == null;
    }
}
