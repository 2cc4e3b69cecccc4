package dev.panamafuse.pathfs;

import dev.panamafuse.Attr;
import java.util.HashMap;
import java.util.Map;

/**
 * One node the kernel knows: its place in the tree (parent and name), how many lookups the
 * kernel holds, and the children it knows. Guarded by the {@link NodeTable}'s lock, except
 * {@link #lastAttr}, which any thread may read or write.
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


    boolean unused() {
        return lookups <= 0 && children == null;
    }
}
