/**
 * The inode table behind {@link dev.panamafuse.path.PathFileSystem#toFileSystem}: a tree of the nodes
 * the kernel knows, each with its name, parent and lookup count, so a path is found from a node
 * id by walking up to the root and a rename moves a whole subtree by changing one parent. Not
 * exported; reached through {@code PathFileSystem.toFileSystem}.
 */
package dev.panamafuse.path;
