package dev.panamafuse.benchmarks.peers;

import dev.panamafuse.Errno;
import java.util.Map;

/**
 * {@link PathTree#rename}: replaces what is at the target as rename(2) does (a file by a file, an
 * empty directory by a directory), refuses to move a directory into itself or to touch the root,
 * and re-keys the moved node and everything under it. Runs under the tree's namespace lock.
 */
final class PathRename {
    private PathRename() {
    }

    /**
     * Renames {@code from} to {@code to}.
     *
     * @param tree  the tree, whose namespace lock the caller holds
     * @param nodes its nodes by path
     * @param from  absolute path of the node
     * @param to    its new absolute path
     * @param flags 0 or {@link PathTree#RENAME_NOREPLACE}
     * @return 0 or a negated errno ({@code ENOENT}, {@code EEXIST}, {@code EINVAL},
     *         {@code ENOTDIR}, {@code EISDIR}, {@code ENOTEMPTY}, {@code EBUSY})
     */
    static int rename(PathTree tree, Map<String, Node> nodes, String from, String to, int flags) {
        Node n = nodes.get(from);
        Node newParent = nodes.get(PathTree.parentOf(to));
        if (n == null || newParent == null) {
            return -Errno.ENOENT.code();
        }
        if (!newParent.isDirectory()) {
            return -Errno.ENOTDIR.code();
        }
        if (from.equals("/") || to.equals("/")) {
            return -Errno.EBUSY.code();
        }
        if (from.equals(to)) {
            return 0;
        }
        if (n.isDirectory() && to.startsWith(from + "/")) {
            return -Errno.EINVAL.code();
        }
        Node old = nodes.get(to);
        if (old != null) {
            int r = replaceable(n, old, flags);
            if (r != 0) {
                return r;
            }
            tree.detach(to, old);
        }
        Node oldParent = nodes.get(PathTree.parentOf(from));
        oldParent.children.remove(PathTree.nameOf(from));
        newParent.children.add(PathTree.nameOf(to));
        if (n.isDirectory() && oldParent != newParent) {
            oldParent.link(-1);
            newParent.link(1);
        }
        oldParent.modified();
        newParent.modified();
        move(nodes, from, to, n);
        n.changed();
        return 0;
    }

    private static int replaceable(Node n, Node old, int flags) {
        if ((flags & PathTree.RENAME_NOREPLACE) != 0) {
            return -Errno.EEXIST.code();
        }
        if (n.isDirectory()) {
            if (!old.isDirectory()) {
                return -Errno.ENOTDIR.code();
            }
            return old.children.isEmpty() ? 0 : -Errno.ENOTEMPTY.code();
        }
        return old.isDirectory() ? -Errno.EISDIR.code() : 0;
    }

    /** Re-keys {@code n} and everything under it from {@code from} to {@code to}. */
    private static void move(Map<String, Node> nodes, String from, String to, Node n) {
        nodes.put(to, n);
        nodes.remove(from, n);
        if (n.isDirectory()) {
            for (String name : n.children) {
                Node child = nodes.get(from + "/" + name);
                if (child != null) {
                    move(nodes, from + "/" + name, to + "/" + name, child);
                }
            }
        }
    }
}
