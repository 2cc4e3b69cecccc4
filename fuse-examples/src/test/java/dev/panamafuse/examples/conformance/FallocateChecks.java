package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** fallocate(2): default mode, FALLOC_FL_KEEP_SIZE, FALLOC_FL_PUNCH_HOLE, FALLOC_FL_ZERO_RANGE, errors. */
public abstract class FallocateChecks extends ConformanceBase {

    /** {@code FA(fd, mode, offset, length)}: the raw syscall through libc, 'OK' or 'E:n'. */
    private static final String FA = """
            M = 1 << 20
            KEEP, PUNCH, COLLAPSE, ZERO, INSERT = 0x01, 0x02, 0x08, 0x10, 0x20
            def FA(fd, mode, off, length):
                return C('fallocate', fd, mode, L(off), L(length))
            def blocks(fd):
                return os.fstat(fd).st_blocks
            """;

    private void fa(String code, String... expected) throws Exception {
        expectPy(0, FA + code, expected);
    }

    @Test
    void defaultModeExtendsWithZeros() throws Exception {
        fa("""
                fd = os.open('f', os.O_RDWR | os.O_CREAT, 0o644)
                P(FA(fd, 0, 0, 4 * M), os.fstat(fd).st_size == 4 * M, blocks(fd) * 512 >= 4 * M, os.pread(fd, M, M) == bytes(M))
                """, "OK True True True");
    }

    @Test
    void defaultModeInsideFileKeepsData() throws Exception {
        fa("""
                fd = os.open('f', os.O_RDWR | os.O_CREAT, 0o644)
                os.write(fd, b'x' * 10000)
                P(FA(fd, 0, 100, 5000), os.fstat(fd).st_size, os.pread(fd, 10000, 0) == b'x' * 10000)
                """, "OK 10000 True");
    }

    @Test
    void defaultModeFillsHolesSoSeekDataFindsThem() throws Exception {
        fa("""
                fd = os.open('f', os.O_RDWR | os.O_CREAT, 0o644)
                os.ftruncate(fd, 4 * M)
                P(E(os.lseek, fd, 0, os.SEEK_DATA), FA(fd, 0, M, M), os.pread(fd, 16, M) == bytes(16), os.fstat(fd).st_size == 4 * M)
                """, "ENXIO OK True True");
    }

    @Test
    void keepSizeAllocatesBeyondEndWithoutGrowing() throws Exception {
        fa("""
                fd = os.open('f', os.O_RDWR | os.O_CREAT, 0o644)
                os.write(fd, b'abc')
                P(FA(fd, KEEP, 0, 2 * M), os.fstat(fd).st_size, blocks(fd) * 512 >= 2 * M, os.pread(fd, 10, 0))
                """, "OK 3 True b'abc'");
    }

    @Test
    void punchHoleZeroesRangeAndKeepsSize() throws Exception {
        fa("""
                fd = os.open('f', os.O_RDWR | os.O_CREAT, 0o644)
                os.write(fd, b'z' * (4 * M))
                before = blocks(fd)
                P(FA(fd, PUNCH | KEEP, M, 2 * M), os.fstat(fd).st_size == 4 * M)
                P(os.pread(fd, 2 * M, M) == bytes(2 * M), os.pread(fd, 4, M - 4), os.pread(fd, 4, 3 * M))
                P(blocks(fd) < before, os.lseek(fd, 0, os.SEEK_HOLE) == M, os.lseek(fd, M, os.SEEK_DATA) == 3 * M)
                """, "OK True", "True b'zzzz' b'zzzz'", "True True True");
    }

    @Test
    void punchHoleBeyondEndChangesNothing() throws Exception {
        fa("""
                fd = os.open('f', os.O_RDWR | os.O_CREAT, 0o644)
                os.write(fd, b'q' * 100)
                P(FA(fd, PUNCH | KEEP, M, M), os.fstat(fd).st_size, os.pread(fd, 200, 0) == b'q' * 100)
                """, "OK 100 True");
    }

    @Test
    void punchHoleInsideBlockZeroesOnlyTheRange() throws Exception {
        fa("""
                fd = os.open('f', os.O_RDWR | os.O_CREAT, 0o644)
                os.write(fd, b'0123456789')
                P(FA(fd, PUNCH | KEEP, 2, 3), os.pread(fd, 10, 0))
                """, "OK b'01\\x00\\x00\\x0056789'");
    }

    @Test
    void punchHoleWithoutKeepSizeIsEopnotsupp() throws Exception {
        fa("fd = os.open('f', os.O_RDWR | os.O_CREAT, 0o644); os.write(fd, b'x' * 100); P(FA(fd, PUNCH, 0, 10))",
                "EOPNOTSUPP");
    }

    @Test
    void zeroRangeZeroesOrIsUnsupported() throws Exception {
        // tmpfs does not implement FALLOC_FL_ZERO_RANGE; a filesystem that does must zero exactly the range
        List<String> out = py(0, FA + """
                fd = os.open('f', os.O_RDWR | os.O_CREAT, 0o644)
                os.write(fd, b'y' * 100)
                r = FA(fd, ZERO, 10, 20)
                P(r, os.fstat(fd).st_size, os.pread(fd, 100, 0) == b'y' * 10 + bytes(20) + b'y' * 70 if r == 'OK' else os.pread(fd, 100, 0) == b'y' * 100)
                """);
        assertTrue(out.equals(List.of("OK 100 True")) || out.equals(List.of("EOPNOTSUPP 100 True")), out.toString());
    }

    @Test
    void zeroRangeBeyondEndGrowsOrIsUnsupported() throws Exception {
        List<String> out = py(0, FA + """
                fd = os.open('f', os.O_RDWR | os.O_CREAT, 0o644)
                os.write(fd, b'y' * 100)
                r = FA(fd, ZERO, 50, 100)
                P(r, os.fstat(fd).st_size, os.pread(fd, 200, 0) == b'y' * 50 + bytes(100) if r == 'OK' else True)
                """);
        assertTrue(out.equals(List.of("OK 150 True")) || out.equals(List.of("EOPNOTSUPP 100 True")), out.toString());
    }

    @ParameterizedTest(name = "mode {0} offset {1} length {2}: {3}")
    @CsvSource({"0,0,0,EINVAL", "0,0,-1,EINVAL", "0,-1,10,EINVAL", "KEEP,0,0,EINVAL", "0,4611686018427387904,4611686018427387904,EFBIG",
        "0x40000000,0,10,EOPNOTSUPP", "PUNCH|KEEP|ZERO,0,10,EOPNOTSUPP"})
    void argumentErrors(String mode, long offset, long length, String expected) throws Exception {
        fa("fd = os.open('f', os.O_RDWR | os.O_CREAT, 0o644); P(FA(fd, " + mode + ", " + offset + ", " + length + "))", expected);
    }

    @Test
    void readOnlyDescriptorIsEbadf() throws Exception {
        touch("f");
        fa("fd = os.open('f', os.O_RDONLY); P(FA(fd, 0, 0, 10), FA(fd, PUNCH | KEEP, 0, 10))", "EBADF EBADF");
    }

    @Test
    void fifoIsEspipe() throws Exception {
        ok(() -> P.mkfifo(at("p"), 0666));
        fa("fd = os.open('p', os.O_RDWR); P(FA(fd, 0, 0, 10))", "ESPIPE");
    }

    @Test
    void growingUpdatesMtimeAndCtime() throws Exception {
        touch("f");
        age("f");
        Times before = times("f");
        fa("fd = os.open('f', os.O_RDWR); P(FA(fd, 0, 0, 8192))", "OK");
        Times after = times("f");
        assertEquals(8192, lstat("f").st_size());
        assertTrue(after.mtime() > before.mtime(), "mtime");
        assertTrue(after.ctime() > before.ctime(), "ctime");
    }

    @Test
    void posixFallocateFromPython() throws Exception {
        fa("fd = os.open('f', os.O_RDWR | os.O_CREAT, 0o644); os.posix_fallocate(fd, 0, 12345); P(os.fstat(fd).st_size)", "12345");
    }

    @Test
    void fallocateCommand() throws Exception {
        Result r = run("fallocate", "-l", "3MiB", "f");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(3L << 20, lstat("f").st_size());
        Result punch = run("fallocate", "-p", "-o", "1MiB", "-l", "1MiB", "f");
        assertEquals(0, punch.exit(), punch.toString());
        assertEquals(3L << 20, lstat("f").st_size());
        Result keep = run("fallocate", "-n", "-o", "3MiB", "-l", "1MiB", "f");
        assertEquals(0, keep.exit(), keep.toString());
        assertEquals(3L << 20, lstat("f").st_size());
    }
}
