package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** mknod(2): every node type, device numbers, who may create devices. */
public abstract class MknodChecks extends ConformanceBase {

    @ParameterizedTest(name = "type {0}")
    @CsvSource({"S_IFREG,0o100644", "S_IFIFO,0o10644", "S_IFSOCK,0o140644"})
    void createsNode(String type, String expected) throws Exception {
        expectPy(0, "os.umask(0o22); os.mknod('n', stat." + type + " | 0o644); P(oct(os.lstat('n').st_mode), os.lstat('n').st_nlink)",
                expected + " 1");
    }

    @Test
    void typeZeroIsRegularFile() throws Exception {
        expectPy(0, "os.umask(0); os.mknod('n', 0o640); P(oct(os.lstat('n').st_mode), os.lstat('n').st_size)", "0o100640 0");
    }

    @ParameterizedTest(name = "{0} {1}:{2}")
    @CsvSource({"S_IFCHR,1,3", "S_IFCHR,4,64", "S_IFCHR,136,0", "S_IFBLK,7,0", "S_IFBLK,8,17", "S_IFBLK,259,1048575"})
    void deviceNumbersKept(String type, int major, int minor) throws Exception {
        expectPy(0, "os.umask(0); os.mknod('n', stat." + type + " | 0o600, os.makedev(" + major + ", " + minor + "))\n"
                + "s = os.lstat('n'); P(stat.S_IFMT(s.st_mode) == stat." + type + ", oct(s.st_mode & 0o7777), "
                + "os.major(s.st_rdev), os.minor(s.st_rdev), s.st_size)",
                "True 0o600 " + major + " " + minor + " 0");
    }

    @Test
    void directoryTypeIsEperm() throws Exception {
        expectPy(0, "P(E(os.mknod, 'n', stat.S_IFDIR | 0o755))", "EPERM");
    }

    @Test
    void unknownTypeIsEinval() throws Exception {
        expectPy(0, "P(E(os.mknod, 'n', 0o170644))", "EINVAL");
    }

    @Test
    void deviceAsNonRootIsEperm() throws Exception {
        expectPy(NOBODY, "P(E(os.mknod, 'c', stat.S_IFCHR | 0o600, os.makedev(1, 3)), E(os.mknod, 'b', stat.S_IFBLK | 0o600, os.makedev(7, 0)))",
                "EPERM EPERM");
    }

    @Test
    void socketAndFifoAsNonRoot() throws Exception {
        expectPy(NOBODY, """
                os.mknod('s', stat.S_IFSOCK | 0o600); os.mknod('p', stat.S_IFIFO | 0o600)
                P(os.lstat('s').st_uid, stat.S_ISSOCK(os.lstat('s').st_mode), stat.S_ISFIFO(os.lstat('p').st_mode))
                """, "65534 True True");
    }

    @Test
    void existingIsEexist() throws Exception {
        touch("f");
        expectPy(0, "P(E(os.mknod, 'f', stat.S_IFIFO | 0o600), E(os.mknod, 'f', stat.S_IFCHR | 0o600, os.makedev(1, 3)))",
                "EEXIST EEXIST");
    }

    @Test
    void missingParentIsEnoent() throws Exception {
        expectPy(0, "P(E(os.mknod, 'no/n', stat.S_IFIFO | 0o600))", "ENOENT");
    }

    @Test
    void withoutWritePermissionIsEacces() throws Exception {
        mkdir("ro", 0755);
        expectPy(NOBODY, "P(E(os.mknod, 'ro/n', stat.S_IFIFO | 0o600))", "EACCES");
    }

    @Test
    void nameLengthLimit() throws Exception {
        expectPy(0, "P(E(os.mknod, '" + name(255) + "', stat.S_IFIFO | 0o600), E(os.mknod, '" + name(256) + "', stat.S_IFIFO | 0o600))",
                "OK ENAMETOOLONG");
    }

    @Test
    void devicesInListingHaveTheirType() throws Exception {
        expectPy(0, """
                os.mknod('c', stat.S_IFCHR | 0o600, os.makedev(1, 3))
                os.mknod('b', stat.S_IFBLK | 0o600, os.makedev(7, 0))
                os.mknod('s', stat.S_IFSOCK | 0o600)
                P(sorted((e.name, stat.S_IFMT(e.stat(follow_symlinks=False).st_mode)) for e in os.scandir('.')))
                """, "[('b', 24576), ('c', 8192), ('s', 49152)]");
    }

    @Test
    void updatesParentTimes() throws Exception {
        age(".");
        Times before = times(".");
        List<String> out = py(0, "os.mknod('n', stat.S_IFIFO | 0o600); P('made')");
        assertEquals(List.of("made"), out);
        Times after = times(".");
        assertEquals(true, after.mtime() > before.mtime(), "parent mtime");
        assertEquals(true, after.ctime() > before.ctime(), "parent ctime");
    }
}
