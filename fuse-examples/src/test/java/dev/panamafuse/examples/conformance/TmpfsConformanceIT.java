package dev.panamafuse.examples.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance suite against a fresh tmpfs: the proof that every expectation of the suite is
 * what Linux itself does. Needs root (mount(2)).
 */
class TmpfsConformanceIT extends ConformanceChecks {
    private static final long SIZE = 512L << 20;
    private static Path base;
    private static Path mnt;

    @BeforeAll
    static void mountTmpfs() throws Exception {
        base = Mounts.base("tmpfs");
        mnt = Files.createDirectory(base.resolve("mnt"));
        Mounts.tmpfs(base, mnt, SIZE);
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
}
