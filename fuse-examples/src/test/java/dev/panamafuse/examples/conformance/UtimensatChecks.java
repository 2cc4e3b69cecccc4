package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** utimensat(2), futimens(3): explicit times with nanoseconds, UTIME_NOW, UTIME_OMIT, permissions. */
public abstract class UtimensatChecks extends ConformanceBase {

    @ParameterizedTest(name = "atime {0}.{1} mtime {2}.{3}")
    @CsvSource({"0,0,0,0", "1,1,2,2", "1000000000,123456789,1000000001,987654321", "2147483648,5,4102444800,999999999",
        "1700000000,500000000,1600000000,1", "-1,0,-86400,999999999"})
    void explicitTimesWithNanoseconds(long as, long an, long ms, long mn) {
        touch("f");
        ok(() -> P.utimensat(AT_FDCWD, at("f"), new long[] {as, an}, new long[] {ms, mn}, 0));
        Times t = times("f");
        assertEquals(as * 1_000_000_000L + an, t.atime(), "atime");
        assertEquals(ms * 1_000_000_000L + mn, t.mtime(), "mtime");
    }

    @Test
    void utimeNowSetsBothToNow() {
        touch("f");
        age("f");
        ok(() -> P.utimensat(AT_FDCWD, at("f"), ts(UTIME_NOW), ts(UTIME_NOW), 0));
        Times t = times("f");
        assertRecent(t.atime(), "atime");
        assertRecent(t.mtime(), "mtime");
    }

    @Test
    void omitAtimeChangesOnlyMtime() {
        touch("f");
        setTimes("f", OLD_NS, OLD_NS);
        ok(() -> P.utimensat(AT_FDCWD, at("f"), ts(UTIME_OMIT), new long[] {5, 6}, 0));
        Times t = times("f");
        assertEquals(OLD_NS, t.atime(), "atime kept");
        assertEquals(5_000_000_006L, t.mtime(), "mtime set");
    }

    @Test
    void omitMtimeChangesOnlyAtime() {
        touch("f");
        setTimes("f", OLD_NS, OLD_NS);
        ok(() -> P.utimensat(AT_FDCWD, at("f"), ts(UTIME_NOW), ts(UTIME_OMIT), 0));
        Times t = times("f");
        assertRecent(t.atime(), "atime now");
        assertEquals(OLD_NS, t.mtime(), "mtime kept");
    }

    @Test
    void omitBothChangesNothingNotEvenCtime() {
        touch("f");
        age("f");
        Times before = times("f");
        ok(() -> P.utimensat(AT_FDCWD, at("f"), ts(UTIME_OMIT), ts(UTIME_OMIT), 0));
        assertEquals(before, times("f"));
    }

    @Test
    void settingTimesUpdatesCtime() {
        touch("f");
        age("f");
        Times before = times("f");
        ok(() -> P.utimensat(AT_FDCWD, at("f"), new long[] {7, 0}, new long[] {8, 0}, 0));
        Times after = times("f");
        assertTrue(after.ctime() > before.ctime(), "ctime");
        assertRecent(after.ctime(), "ctime");
    }

    @Test
    void nanosecondsOutOfRangeIsEinval() {
        touch("f");
        expect("EINVAL", () -> P.utimensat(AT_FDCWD, at("f"), new long[] {1, 1_000_000_000L}, new long[] {1, 0}, 0));
        expect("EINVAL", () -> P.utimensat(AT_FDCWD, at("f"), new long[] {1, 0}, new long[] {1, -1}, 0));
    }

    @Test
    void noFollowSetsTheLinksOwnTimes() {
        touch("f");
        ok(() -> P.symlink("f", at("l")));
        setTimes("f", OLD_NS, OLD_NS);
        ok(() -> P.utimensat(AT_FDCWD, at("l"), new long[] {11, 12}, new long[] {13, 14}, AT_SYMLINK_NOFOLLOW));
        assertEquals(new Times(11_000_000_012L, 13_000_000_014L, times("l").ctime()), times("l"));
        assertEquals(OLD_NS, times("f").mtime(), "target untouched");
    }

    @Test
    void followsSymlinksByDefault() {
        touch("f");
        ok(() -> P.symlink("f", at("l")));
        ok(() -> P.utimensat(AT_FDCWD, at("l"), new long[] {21, 0}, new long[] {22, 0}, 0));
        assertEquals(22_000_000_000L, times("f").mtime());
    }

    @Test
    void directoryTimes() {
        mkdir("d", 0755);
        ok(() -> P.utimensat(AT_FDCWD, at("d"), new long[] {31, 1}, new long[] {32, 2}, 0));
        Times t = times("d");
        assertEquals(31_000_000_001L, t.atime());
        assertEquals(32_000_000_002L, t.mtime());
    }

    @Test
    void futimensOnDescriptor() {
        touch("f");
        int fd = open("f", O_RDONLY, 0);
        try {
            ok(() -> P.futimens(fd, new long[] {41, 4}, new long[] {42, 5}));
        } finally {
            P.close(fd);
        }
        assertEquals(42_000_000_005L, times("f").mtime());
    }

    @Test
    void missingIsEnoent() {
        expect("ENOENT", () -> P.utimensat(AT_FDCWD, at("missing"), ts(UTIME_NOW), ts(UTIME_NOW), 0));
    }

    @Test
    void ownerMaySetExplicitTimes() throws Exception {
        touch("f");
        chown("f", NOBODY, NOBODY);
        chmod("f", 0400);
        expectPy(NOBODY, "P(E(os.utime, 'f', ns=(1000000001, 2000000002)), os.stat('f').st_mtime_ns)", "OK 2000000002");
    }

    @Test
    void nonOwnerWithWritePermissionMaySetNow() throws Exception {
        touch("f");
        chmod("f", 0666);
        setTimes("f", OLD_NS, OLD_NS);
        expectPy(NOBODY, "P(E(os.utime, 'f'))", "OK");
        assertRecent(times("f").mtime(), "mtime");
    }

    @Test
    void nonOwnerWithWritePermissionCannotSetExplicitTimes() throws Exception {
        touch("f");
        chmod("f", 0666);
        expectPy(NOBODY, "P(E(os.utime, 'f', ns=(1, 2)))", "EPERM");
    }

    @Test
    void nonOwnerWithoutWritePermissionCannotSetNow() throws Exception {
        touch("f");
        chmod("f", 0644);
        expectPy(NOBODY, "P(E(os.utime, 'f'), E(os.utime, 'f', ns=(1, 2)))", "EACCES EPERM");
    }

    @Test
    void nonOwnerUsingAnythingButBothNowIsEperm() throws Exception {
        touch("f");
        chmod("f", 0666);
        expectPy(NOBODY, """
                import ctypes
                class TS(ctypes.Structure):
                    _fields_ = [('sec', ctypes.c_long), ('nsec', ctypes.c_long)]
                NOW, OMIT = (1 << 30) - 1, (1 << 30) - 2
                P(C('utimensat', -100, b'f', (TS * 2)(TS(0, NOW), TS(5, 0)), 0),
                  C('utimensat', -100, b'f', (TS * 2)(TS(0, NOW), TS(0, OMIT)), 0),
                  C('utimensat', -100, b'f', (TS * 2)(TS(0, OMIT), TS(0, OMIT)), 0))
                """, "EPERM EPERM OK");
    }

    @Test
    void touchCommandOnlyAccessOrModification() throws Exception {
        touch("f");
        setTimes("f", OLD_NS, OLD_NS);
        Result a = run("touch", "-a", "-d", "@1234567890.5", "f");
        assertEquals(0, a.exit(), a.toString());
        assertEquals(new Times(1_234_567_890_500_000_000L, OLD_NS, times("f").ctime()), times("f"));
        Result m = run("touch", "-m", "-d", "@987654321.25", "f");
        assertEquals(0, m.exit(), m.toString());
        assertEquals(new Times(1_234_567_890_500_000_000L, 987_654_321_250_000_000L, times("f").ctime()), times("f"));
    }

    @Test
    void statCommandAgrees() throws Exception {
        touch("f");
        ok(() -> P.utimensat(AT_FDCWD, at("f"), new long[] {1500000000, 111111111}, new long[] {1600000000, 222222222}, 0));
        Result r = run("stat", "-c", "%X.%x|%Y", "f");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("1500000000.") && r.out().contains(".111111111 ") && r.out().trim().endsWith("|1600000000"),
                r.out());
    }
}
