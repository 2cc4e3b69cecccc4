package dev.panamafuse.benchmarks;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run settings every benchmark without a kernel shares ({@link CodecBenchmark} and those of
 * {@code session}): three warmup and five measured iterations of one second, in one fork that
 * may call native code. JMH reads these annotations from the superclass, so a benchmark extends
 * this class and declares only its own state scope, mode and time unit.
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public abstract class InMemoryRun {

    /** For subclasses. */
    protected InMemoryRun() {
    }
}
