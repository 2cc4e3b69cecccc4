package dev.panamafuse.path;

/**
 * A node and its path, as the {@link NodeTable} found them under its lock.
 *
 * @param node the node
 * @param path its path; for a detached node, the path it had (prefixed by its detached ancestor's)
 * @param live whether the node is still reachable from the root
 */
record Located(Node node, String path, boolean live) {
}
