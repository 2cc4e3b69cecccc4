package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** statfs(2)/statvfs(3) through python os.statvfs and {@code stat -f}. */
public abstract class StatfsChecks extends ConformanceBase {

    /** f_bsize f_frsize f_blocks f_bfree f_bavail f_files f_ffree f_favail f_flag f_namemax, as numbers. */
    private long[] statvfs(String name) throws Exception {
        List<String> out = py(0, "s = os.statvfs(" + q(name) + "); P(s.f_bsize, s.f_frsize, s.f_blocks, s.f_bfree, s.f_bavail, "
                + "s.f_files, s.f_ffree, s.f_favail, s.f_flag, s.f_namemax)");
        assertEquals(1, out.size(), out.toString());
        String[] f = out.get(0).split(" ");
        long[] v = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            v[i] = Long.parseLong(f[i]);
        }
        return v;
    }

    @Test
    void blockSizesArePositive() throws Exception {
        long[] s = statvfs(".");
        assertTrue(s[0] > 0 && s[1] > 0, "f_bsize " + s[0] + " f_frsize " + s[1]);
    }

    @Test
    void freeBlocksBounded() throws Exception {
        long[] s = statvfs(".");
        assertTrue(s[2] > 0, "f_blocks");
        assertTrue(s[3] <= s[2], "f_bfree <= f_blocks");
        assertTrue(s[4] <= s[3], "f_bavail <= f_bfree");
    }

    @Test
    void freeInodesBounded() throws Exception {
        long[] s = statvfs(".");
        assertTrue(s[6] <= s[5] || s[5] == 0, "f_ffree <= f_files");
        assertTrue(s[7] <= s[6] || s[5] == 0, "f_favail <= f_ffree");
    }

    @Test
    void nameMaxIs255() throws Exception {
        assertEquals(255, statvfs(".")[9]);
    }

    @Test
    void totalSizeIsTheConfiguredCapacity() throws Exception {
        long[] s = statvfs(".");
        assertEquals(suite.capacityBytes(), s[2] * s[1], "f_blocks * f_frsize");
    }

    @Test
    void notReadOnly() throws Exception {
        assertEquals(0, statvfs(".")[8] & 1, "ST_RDONLY");
    }

    @Test
    void writingConsumesFreeBlocksAndDeletingReturnsThem() throws Exception {
        long[] before = statvfs(".");
        expectPy(0, "fd = os.open('big', os.O_WRONLY | os.O_CREAT, 0o644); os.write(fd, b'x' * (16 << 20)); os.fsync(fd); os.close(fd)",
                new String[0]);
        long[] full = statvfs(".");
        long used = (before[3] - full[3]) * full[1];
        assertTrue(used >= (15L << 20) && used <= (18L << 20), "16 MiB written, free space dropped by " + used);
        ok(() -> P.unlink(at("big")));
        long[] after = statvfs(".");
        long back = (after[3] - full[3]) * after[1];
        assertTrue(back >= (15L << 20), "16 MiB deleted, free space rose by " + back);
    }

    @Test
    void creatingFilesConsumesInodesWhenCounted() throws Exception {
        long[] before = statvfs(".");
        for (int i = 0; i < 10; i++) {
            touch("f" + i);
        }
        long[] after = statvfs(".");
        if (before[5] != 0) {
            assertEquals(before[6] - 10, after[6], "f_ffree after 10 creates");
        } else {
            assertEquals(0, after[5]);
        }
    }

    @Test
    void sameAnswerForAnyPathOnTheFilesystem() throws Exception {
        mkdir("d", 0755);
        touch("d/f");
        long[] a = statvfs("d/f");
        long[] b = statvfs(".");
        assertEquals(a[0], b[0]);
        assertEquals(a[2], b[2]);
        assertEquals(a[9], b[9]);
    }

    @Test
    void descriptorVariantAgrees() throws Exception {
        expectPy(0, """
                fd = os.open('.', os.O_RDONLY)
                a, b = os.fstatvfs(fd), os.statvfs('.')
                P(a.f_bsize == b.f_bsize, a.f_blocks == b.f_blocks, a.f_namemax == b.f_namemax, a.f_fsid == b.f_fsid)
                """, "True True True True");
    }

    @Test
    void missingPathIsEnoent() throws Exception {
        expectPy(0, "P(E(os.statvfs, 'missing'), E(os.statvfs, 'missing/x'))", "ENOENT ENOENT");
    }

    @Test
    void componentNotDirectoryIsEnotdir() throws Exception {
        touch("f");
        expectPy(0, "P(E(os.statvfs, 'f/x'))", "ENOTDIR");
    }

    @Test
    void worksForOtherUsers() throws Exception {
        expectPy(NOBODY, "P(os.statvfs('.').f_namemax)", "255");
    }

    @Test
    void statCommandAgrees() throws Exception {
        long[] s = statvfs(".");
        Result r = run("stat", "-f", "-c", "%S %b %l", ".");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(s[1] + " " + s[2] + " " + s[9], r.out().trim());
    }
}
