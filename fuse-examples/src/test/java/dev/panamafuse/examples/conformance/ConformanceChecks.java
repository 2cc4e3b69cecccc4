package dev.panamafuse.examples.conformance;

import org.junit.jupiter.api.Nested;

/**
 * Every check class of the suite, as {@code @Nested} classes that the suites
 * ({@link TmpfsConformanceIT}, {@link MemoryFsConformanceIT}, {@link PassthroughFsConformanceIT})
 * inherit: a suite extends this and says where its filesystem is mounted.
 */
abstract class ConformanceChecks implements ConformanceSuite {
    @Nested class Chmod extends ChmodChecks { }
    @Nested class Chown extends ChownChecks { }
    @Nested class Link extends LinkChecks { }
    @Nested class Mkdir extends MkdirChecks { }
    @Nested class Mkfifo extends MkfifoChecks { }
    @Nested class Mknod extends MknodChecks { }
    @Nested class Open extends OpenChecks { }
    @Nested class Write extends WriteChecks { }
    @Nested class Rename extends RenameChecks { }
    @Nested class Rmdir extends RmdirChecks { }
    @Nested class Symlink extends SymlinkChecks { }
    @Nested class Truncate extends TruncateChecks { }
    @Nested class Unlink extends UnlinkChecks { }
    @Nested class Utimensat extends UtimensatChecks { }
    @Nested class Xattr extends XattrChecks { }
    @Nested class Locks extends LockChecks { }
    @Nested class Readdir extends ReaddirChecks { }
    @Nested class Seek extends SeekChecks { }
    @Nested class Fallocate extends FallocateChecks { }
    @Nested class CopyFileRange extends CopyFileRangeChecks { }
    @Nested class Tmpfile extends TmpfileChecks { }
    @Nested class Statfs extends StatfsChecks { }
}
