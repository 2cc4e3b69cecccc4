package dev.panamafuse.benchmarks.peers;

/**
 * What {@link PathTree#statfs()} reports, in blocks of {@link #blockSize()} bytes.
 *
 * @param blockSize  block (and fragment) size in bytes
 * @param blocks     total blocks: the JVM's maximum heap
 * @param freeBlocks free (and available) blocks: the heap not in use
 * @param files      the most nodes the tree reports room for
 * @param freeFiles  nodes still free
 * @param nameMax    the longest name
 */
public record FsStats(long blockSize, long blocks, long freeBlocks, long files, long freeFiles, long nameMax) {
}
