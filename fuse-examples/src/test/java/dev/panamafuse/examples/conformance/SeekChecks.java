package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** lseek(2): SEEK_SET/CUR/END and SEEK_DATA/SEEK_HOLE on sparse files. */
public abstract class SeekChecks extends ConformanceBase {

    private static final String M = "(1 << 20)";

    /** A 6 MiB file: data [0, 1M), hole [1M, 3M), data [3M, 4M), hole [4M, 6M). Aligned far beyond any page or block. */
    private static final String SPARSE = """
            fd = os.open('f', os.O_RDWR | os.O_CREAT, 0o644)
            M = 1 << 20
            os.pwrite(fd, b'a' * M, 0)
            os.pwrite(fd, b'b' * M, 3 * M)
            os.ftruncate(fd, 6 * M)
            def S(off, whence):
                try:
                    return str(os.lseek(fd, off, whence))
                except OSError as x:
                    return 'E:%d' % x.errno
            """;

    @ParameterizedTest(name = "SEEK_DATA from {0} MiB/16: {1}")
    @CsvSource({"0,0", "8,8", "16,48", "32,48", "48,48", "56,56", "63,63", "64,ENXIO", "80,ENXIO", "96,ENXIO", "200,ENXIO"})
    void seekData(int sixteenths, String expected) throws Exception {
        long off = (long) sixteenths << 16;
        String want = expected.equals("ENXIO") ? "ENXIO" : Long.toString((long) Integer.parseInt(expected) << 16);
        expectPy(0, SPARSE + "P(S(" + off + ", os.SEEK_DATA))", want);
    }

    @ParameterizedTest(name = "SEEK_HOLE from {0} MiB/16: {1}")
    @CsvSource({"0,16", "8,16", "16,16", "24,24", "48,64", "60,64", "64,64", "90,90", "96,ENXIO", "100,ENXIO"})
    void seekHole(int sixteenths, String expected) throws Exception {
        long off = (long) sixteenths << 16;
        String want = expected.equals("ENXIO") ? "ENXIO" : Long.toString((long) Integer.parseInt(expected) << 16);
        expectPy(0, SPARSE + "P(S(" + off + ", os.SEEK_HOLE))", want);
    }

    @Test
    void emptyFileHasNoData() throws Exception {
        touch("f");
        expectPy(0, "fd = os.open('f', os.O_RDONLY); P(E(os.lseek, fd, 0, os.SEEK_DATA), E(os.lseek, fd, 0, os.SEEK_HOLE))",
                "ENXIO ENXIO");
    }

    @Test
    void denseFileHoleIsAtEnd() throws Exception {
        file("f", "x".repeat(10000));
        expectPy(0, "fd = os.open('f', os.O_RDONLY); P(os.lseek(fd, 0, os.SEEK_HOLE), os.lseek(fd, 9999, os.SEEK_HOLE), os.lseek(fd, 5, os.SEEK_DATA))",
                "10000 10000 5");
    }

    @Test
    void fullyHoleFileHasNoData() throws Exception {
        touch("f");
        ok(() -> P.truncate(at("f"), 8L << 20));
        expectPy(0, "fd = os.open('f', os.O_RDONLY); P(E(os.lseek, fd, 0, os.SEEK_DATA), os.lseek(fd, 0, os.SEEK_HOLE))",
                "ENXIO 0");
    }

    @Test
    void readingTheHoleGivesZeros() throws Exception {
        expectPy(0, SPARSE + "P(os.pread(fd, " + M + ", " + M + ") == bytes(" + M + "), os.pread(fd, 4, 3 * " + M + "))",
                "True b'bbbb'");
    }

    @Test
    void basicWhence() throws Exception {
        file("f", "0123456789");
        expectPy(0, """
                fd = os.open('f', os.O_RDONLY)
                P(os.lseek(fd, 3, os.SEEK_SET), os.lseek(fd, 2, os.SEEK_CUR), os.lseek(fd, -1, os.SEEK_END), os.lseek(fd, 0, os.SEEK_CUR))
                P(os.read(fd, 5))
                """, "3 5 9 9", "b'9'");
    }

    @Test
    void negativeResultIsEinval() throws Exception {
        file("f", "0123456789");
        expectPy(0, """
                fd = os.open('f', os.O_RDONLY)
                os.lseek(fd, 4, os.SEEK_SET)
                P(E(os.lseek, fd, -1, os.SEEK_SET), E(os.lseek, fd, -5, os.SEEK_CUR), E(os.lseek, fd, -11, os.SEEK_END), os.lseek(fd, 0, os.SEEK_CUR))
                """, "EINVAL EINVAL EINVAL 4");
    }

    @Test
    void unknownWhenceIsEinval() throws Exception {
        touch("f");
        expectPy(0, "fd = os.open('f', os.O_RDONLY); P(E(os.lseek, fd, 0, 5), E(os.lseek, fd, 0, 42))", "EINVAL EINVAL");
    }

    @Test
    void beyondEndIsAllowedAndReadsNothing() throws Exception {
        file("f", "abc");
        expectPy(0, "fd = os.open('f', os.O_RDONLY); P(os.lseek(fd, 1000000, os.SEEK_SET), os.read(fd, 10), os.fstat(fd).st_size)",
                "1000000 b'' 3");
    }

    @Test
    void writeAfterSeekBeyondEndExtends() throws Exception {
        file("f", "abc");
        expectPy(0, "fd = os.open('f', os.O_RDWR); os.lseek(fd, 10, os.SEEK_END); os.write(fd, b'z'); P(os.fstat(fd).st_size, os.pread(fd, 20, 0))",
                "14 b'abc\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00z'");
    }

    @Test
    void closedDescriptorIsEbadf() throws Exception {
        touch("f");
        expectPy(0, "fd = os.open('f', os.O_RDONLY); os.close(fd); P(E(os.lseek, fd, 0, os.SEEK_SET))", "EBADF");
    }

    @Test
    void directoryDescriptorRewinds() throws Exception {
        mkdir("d", 0755);
        expectPy(0, "fd = os.open('d', os.O_RDONLY); P(os.lseek(fd, 0, os.SEEK_SET))", "0");
    }

    @Test
    void descriptorsHaveIndependentOffsets() throws Exception {
        file("f", "0123456789");
        expectPy(0, """
                a = os.open('f', os.O_RDONLY); b = os.open('f', os.O_RDONLY); c = os.dup(a)
                os.lseek(a, 7, os.SEEK_SET)
                P(os.lseek(b, 0, os.SEEK_CUR), os.lseek(c, 0, os.SEEK_CUR), os.read(b, 2), os.read(c, 2))
                """, "0 7 b'01' b'78'");
    }

    @Test
    void dataAfterTruncateShrinkIsGone() throws Exception {
        expectPy(0, SPARSE + "os.ftruncate(fd, 2 * M); P(S(M, os.SEEK_DATA), S(0, os.SEEK_HOLE), S(2 * M, os.SEEK_HOLE))",
                "ENXIO " + (1 << 20) + " ENXIO");
    }

    @Test
    void sizeReportedBySeekEnd() throws Exception {
        expectPy(0, SPARSE + "P(os.lseek(fd, 0, os.SEEK_END) == 6 * M)", "True");
        assertEquals(6L << 20, lstat("f").st_size());
    }
}
