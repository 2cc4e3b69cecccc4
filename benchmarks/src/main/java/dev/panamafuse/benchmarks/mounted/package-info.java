/**
 * Client workloads through the kernel against mounted systems (panama-fuse and its peers), each
 * operation one or a few system calls made straight through FFM so the client adds little to
 * what is measured. {@code benchmarks/compare} mounts every system and runs these benchmarks
 * against all of them in one JMH run; {@link dev.panamafuse.benchmarks.mounted.MountedTarget}
 * also records each daemon's CPU time and peak memory per iteration.
 */
package dev.panamafuse.benchmarks.mounted;
