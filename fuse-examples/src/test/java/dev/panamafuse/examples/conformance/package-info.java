/**
 * The project's own POSIX conformance suite.
 *
 * <p>One abstract class per operation ({@link dev.panamafuse.examples.conformance.ChmodChecks},
 * {@code ChownChecks}, {@code LinkChecks}, {@code MkdirChecks}, {@code MkfifoChecks},
 * {@code MknodChecks}, {@code OpenChecks}, {@code WriteChecks}, {@code RenameChecks},
 * {@code RmdirChecks}, {@code SymlinkChecks}, {@code TruncateChecks}, {@code UnlinkChecks},
 * {@code UtimensatChecks}, {@code XattrChecks}, {@code LockChecks}, {@code ReaddirChecks},
 * {@code SeekChecks}, {@code FallocateChecks}, {@code CopyFileRangeChecks}, {@code TmpfileChecks},
 * {@code StatfsChecks}) holds the checks; a suite is a test class implementing
 * {@link dev.panamafuse.examples.conformance.ConformanceSuite} whose {@code @Nested} classes extend
 * each of them. {@link dev.panamafuse.examples.conformance.TmpfsConformanceIT} runs them on a fresh
 * tmpfs, which proves every expectation is what Linux does; {@code MemoryFsConformanceIT} runs the
 * same checks on {@code MemoryFs}. A check that cannot pass on tmpfs does not belong here; a check
 * that fails on a demo filesystem is a bug of that filesystem or of the binding.
 *
 * <p>Each check gets its own fresh 0777 directory. The oracles are independent of the library:
 * jnr-posix in the test JVM (root), {@code java.nio.file}, and child processes
 * ({@code /usr/bin/python3 -I -S}, coreutils, util-linux). Checks "as another user" (uid 65534 or
 * 1000, no supplementary groups) run python under {@code setpriv}, because a multi-threaded JVM
 * cannot change its uid safely; two-process lock checks fork inside one python child. Every child
 * is bounded (20 s), every test too (60 s).
 *
 * <p>Each suite prints, when it ends, {@code conformance on <fs>: N checks passed, M failed}
 * followed by the failed checks; a check is a test case or one invocation of a parameterized one.
 */
package dev.panamafuse.examples.conformance;
