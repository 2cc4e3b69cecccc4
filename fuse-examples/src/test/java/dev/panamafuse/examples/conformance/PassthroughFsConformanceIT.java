package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.FuseMount;
import dev.panamafuse.MountOptions;
import dev.panamafuse.examples.passthrough.PassthroughFs;
import dev.panamafuse.ffm.Fuse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The conformance suite against {@link PassthroughFs} mirroring a fresh tmpfs, mounted in this JVM
 * with {@code default_permissions,allow_other}, regular files opened with kernel passthrough (the
 * suite runs as root; {@code FioVerifyPassthroughIT} covers the data path through the daemon).
 * The suite is what tmpfs itself does
 * ({@link TmpfsConformanceIT}), so a failure here is a passthrough or binding bug.
 */
class PassthroughFsConformanceIT implements ConformanceSuite {
    private static final long SIZE = 512L << 20;
    private static Path base;
    private static Path source;
    private static Path mnt;
    private static FuseMount mount;

    @BeforeAll
    static void mountPassthrough() throws Exception {
        base = Files.createTempDirectory("pfuse-conformance-passthrough-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        source = Files.createDirectory(base.resolve("source"));
        mnt = Files.createDirectory(base.resolve("mnt"));
        ConformanceBase.Result r = ConformanceBase.runIn(base,
                List.of("mount", "-t", "tmpfs", "-o", "size=" + SIZE + ",mode=0755", "tmpfs", source.toString()));
        assertEquals(0, r.exit(), "mount -t tmpfs: " + r);
        mount = Fuse.mount(mnt, new PassthroughFs(source),
                MountOptions.builder().parse("default_permissions,allow_other").build());
        assertTrue(mount.connection().backingFiles().available(),
                "kernel passthrough: the suite runs as root on Linux 6.9 or later with CONFIG_FUSE_PASSTHROUGH");
    }

    @AfterAll
    static void unmountPassthrough() throws Exception {
        try {
            System.out.println(ConformanceExtension.report(PassthroughFsConformanceIT.class, "PassthroughFs"));
        } finally {
            try {
                if (mount != null) {
                    mount.close();
                }
            } finally {
                try {
                    Mounts.unmount(null, mnt);
                } finally {
                    Mounts.unmount(base, source);
                }
            }
        }
    }

    @Override
    public Path root() {
        return mnt;
    }

    @Override
    public String label() {
        return "PassthroughFs";
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
