package dev.panamafuse.examples.conformance;

import java.nio.file.Path;

/**
 * A filesystem the conformance checks run against: implemented by the outermost test class
 * ({@link TmpfsConformanceIT}, {@code MemoryFsConformanceIT}, {@code PassthroughFsConformanceIT}),
 * which inherits from {@link ConformanceChecks} the {@code @Nested} classes that extend the check
 * classes ({@link ChmodChecks}, {@link RenameChecks}, ...).
 */
public interface ConformanceSuite {
    /** The mounted directory under test; each check works in a fresh subdirectory of it. */
    Path root();

    /** A short name for messages, e.g. {@code tmpfs}. */
    String label();

    /** The size the filesystem was created with, in bytes (what statfs must report as total). */
    long capacityBytes();
}
