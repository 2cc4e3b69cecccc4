package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.examples.passthrough.PassthroughFs;
import dev.panamafuse.ffm.Fuse;
import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance suite against {@link PassthroughFs} mirroring a fresh tmpfs, mounted in this JVM
 * with {@code default_permissions,allow_other}, regular files opened with kernel passthrough (the
 * suite runs as root; {@code FioVerifyPassthroughIT} covers the data path through the daemon).
 * The suite is what tmpfs itself does ({@link TmpfsConformanceIT}), so a failure here is a
 * passthrough or binding bug.
 */
class PassthroughFsConformanceIT extends ConformanceChecks {
    private static final long SIZE = 512L << 20;
    private static Path base;
    private static Path source;
    private static Path mnt;
    private static FuseMount mount;

    @BeforeAll
    static void mountPassthrough() throws Exception {
        base = Mounts.base("passthrough");
        source = Files.createDirectory(base.resolve("source"));
        mnt = Files.createDirectory(base.resolve("mnt"));
        Mounts.tmpfs(base, source, SIZE);
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
}
