package dev.panamafuse.examples.conformance;

import dev.panamafuse.examples.TestTransport;
import dev.panamafuse.examples.memory.MemoryFs;
import dev.panamafuse.ffm.Fuse;
import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance suite against {@link MemoryFs} mounted in this JVM with {@code default_permissions}
 * (the kernel checks permissions) and {@code allow_other} (other users reach it). Every check also
 * passes on tmpfs ({@link TmpfsConformanceIT}), so a failure here is a MemoryFs or binding bug.
 */
class MemoryFsConformanceIT extends ConformanceChecks {
    private static Path base;
    private static Path mnt;
    private static FuseMount mount;

    @BeforeAll
    static void mountMemoryFs() throws Exception {
        base = Mounts.base("memoryfs");
        mnt = Files.createDirectory(base.resolve("mnt"));
        mount = TestTransport.check(Fuse.mount(mnt, new MemoryFs(),
                MountOptions.builder().parse(TestTransport.options("default_permissions,allow_other")).build()));
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
}
