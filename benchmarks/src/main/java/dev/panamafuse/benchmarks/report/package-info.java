/**
 * The comparison report: {@link dev.panamafuse.benchmarks.report.Report} reads JMH's CSV output
 * of a {@code benchmarks/compare} run and the daemon accounting, and writes the Markdown table
 * and SVG chart of every system's median throughput (with min and max) as a ratio to the best
 * libfuse configuration, with daemon CPU per operation and peak resident memory.
 */
package dev.panamafuse.benchmarks.report;
