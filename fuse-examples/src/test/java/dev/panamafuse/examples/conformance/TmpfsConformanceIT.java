package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The conformance suite against a fresh tmpfs: the proof that every expectation of the suite is
 * what Linux itself does. Needs root (mount(2)).
 */
class TmpfsConformanceIT implements ConformanceSuite {
    private static final long SIZE = 512L << 20;
    private static Path base;
    private static Path mnt;

    @BeforeAll
    static void mountTmpfs() throws Exception {
        base = Files.createTempDirectory("pfuse-conformance-tmpfs-");
        Files.setPosixFilePermissions(base, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        mnt = Files.createDirectory(base.resolve("mnt"));
        ConformanceBase.Result r = ConformanceBase.runIn(base,
                List.of("mount", "-t", "tmpfs", "-o", "size=" + SIZE + ",mode=0755", "tmpfs", mnt.toString()));
        assertEquals(0, r.exit(), "mount -t tmpfs: " + r);
    }

    @AfterAll
    static void unmountTmpfs() throws Exception {
        try {
            System.out.println(ConformanceExtension.report(TmpfsConformanceIT.class, "tmpfs"));
        } finally {
            Mounts.unmount(base, mnt);
        }
    }

    @Override
    public Path root() {
        return mnt;
    }

    @Override
    public String label() {
        return "tmpfs";
    }

    @Override
    public long capacityBytes() {
        return SIZE;
    }

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
