/**
 * The JMH benchmarks of panama-fuse (run from {@code benchmarks/target/benchmarks.jar}, see
 * {@code benchmarks/README.md}): {@link dev.panamafuse.benchmarks.CodecBenchmark} here, the cost
 * of decoding and encoding one frame; {@code session} for a whole session over an in-memory
 * channel; {@code mounted} for client workloads through the kernel against a mounted system;
 * {@code peers} for the Java comparison peers; {@code report} for turning a comparison run into
 * its table and chart. The module runs on the class path and holds no tests of the library.
 */
package dev.panamafuse.benchmarks;
