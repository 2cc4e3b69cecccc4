package dev.panamafuse.benchmarks.report;

/**
 * One measured JMH iteration of one workload on one system, with the daemon's share of it.
 *
 * @param workload  the benchmark method, with a sequential one's parameters
 *                  ({@link dev.panamafuse.benchmarks.mounted.SequentialIo#workload}), e.g.
 *                  {@code seqRead1mDirect}
 * @param threads   client threads
 * @param system    the mounted system
 * @param score     operations per second (JMH's score)
 * @param cpuPerOp  daemon CPU nanoseconds per operation, or NaN when not recorded
 * @param peakRssKib the daemon's peak resident memory during the iteration, or -1
 */
public record Sample(String workload, int threads, String system, double score, double cpuPerOp, long peakRssKib) {
}
