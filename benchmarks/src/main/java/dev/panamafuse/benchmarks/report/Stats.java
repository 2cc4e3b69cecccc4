package dev.panamafuse.benchmarks.report;

/**
 * One system's figures for one workload over the rounds, in the workload's unit.
 *
 * @param median     the median score
 * @param min        the lowest score
 * @param max        the highest score
 * @param cpuPerOp   the median daemon CPU nanoseconds per operation (NaN if unknown)
 * @param peakRssKib the largest daemon peak resident memory seen, KiB (-1 if unknown)
 */
public record Stats(double median, double min, double max, double cpuPerOp, long peakRssKib) {
}
