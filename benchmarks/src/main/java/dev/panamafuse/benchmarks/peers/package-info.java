/**
 * The Java comparison peers of the benchmarks: one in-memory filesystem ({@link
 * dev.panamafuse.benchmarks.peers.PathTree}) served through jfuse ({@link
 * dev.panamafuse.benchmarks.peers.JfuseServer}) and through jnr-fuse ({@link
 * dev.panamafuse.benchmarks.peers.JnrFuseServer}), both keeping the contract of
 * {@code benchmarks/peers/README.md}. The tree is shared, so the only difference between the two
 * servers is the binding.
 */
package dev.panamafuse.benchmarks.peers;
