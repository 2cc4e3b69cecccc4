package dev.panamafuse.examples.conformance;

import dev.panamafuse.FuseMount;
import dev.panamafuse.MountOptions;
import dev.panamafuse.examples.MemoryFs;
import dev.panamafuse.ffm.Fuse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The conformance suite against {@link MemoryFs} mounted in this JVM with {@code default_permissions}
 * (the kernel checks permissions) and {@code allow_other} (other users reach it). Every check also
 * passes on tmpfs ({@link TmpfsConformanceIT}), so a failure here is a MemoryFs or binding bug.
 */
class MemoryFsConformanceIT implements ConformanceSuite {
    private static Path base;
    private static Path mnt;
    private static FuseMount mount;

    @BeforeAll
    static void mountMemoryFs() throws Exception {
        base = Files.createTempDirectory("pfuse-conformance-memoryfs-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        mnt = Files.createDirectory(base.resolve("mnt"));
        mount = Fuse.mount(mnt, new MemoryFs(),
                MountOptions.builder().parse("default_permissions,allow_other").build());
    }

    @AfterAll
    static void unmountMemoryFs() throws Exception {
        try {
            System.out.println(ConformanceExtension.report(MemoryFsConformanceIT.class, "MemoryFs"));
        } finally {
            try {
                if (mount != null) {
                    mount.close();
                }
            } finally {
                Mounts.unmount(base, mnt);
            }
        }
    }

    @Override
    public Path root() {
        return mnt;
    }

    @Override
    public String label() {
        return "MemoryFs";
    }

    @Override
    public long capacityBytes() {
        return MemoryFs.DEFAULT_SIZE_LIMIT;
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
