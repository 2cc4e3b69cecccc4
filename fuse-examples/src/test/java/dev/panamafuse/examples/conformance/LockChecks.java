package dev.panamafuse.examples.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * POSIX record locks (fcntl F_SETLK/F_SETLKW/F_GETLK), open file description locks and flock(2),
 * between two processes: a python parent holds a lock, a forked child probes it. The child's
 * answer comes back over a pipe; every wait is bounded.
 */
public abstract class LockChecks extends ConformanceBase {

    /**
     * Defines {@code probe(fn)}: runs fn in a forked child (which opens its own descriptors) and
     * returns what it returned (a string); {@code setlk(fd, type, start, len, cmd)} and
     * {@code getlk(fd, type, start, len)} wrap fcntl with a packed struct flock.
     */
    private static final String LOCK_PRELUDE = """
            signal.alarm(15)
            def probe(fn):
                r, w = os.pipe()
                pid = os.fork()
                if pid == 0:
                    try:
                        out = str(fn())
                    except BaseException as x:
                        out = 'EXC ' + repr(x)
                    os.write(w, out.encode())
                    os._exit(0)
                os.close(w)
                data = b''
                while True:
                    chunk = os.read(r, 4096)
                    if not chunk:
                        break
                    data += chunk
                os.waitpid(pid, 0)
                os.close(r)
                return data.decode()
            FL = 'hhqqi'
            def setlk(fd, typ, start=0, length=0, cmd=fcntl.F_SETLK):
                return E(fcntl.fcntl, fd, cmd, struct.pack(FL, typ, 0, start, length, 0))
            def getlk(fd, typ, start=0, length=0, cmd=fcntl.F_GETLK):
                t, wh, s, l, pid = struct.unpack(FL, fcntl.fcntl(fd, cmd, struct.pack(FL, typ, 0, start, length, 0)))
                return (t, s, l, pid)
            def ofd(fd, typ, start=0, length=0):
                return E(fcntl.fcntl, fd, fcntl.F_OFD_SETLK, struct.pack(FL, typ, 0, start, length, 0))
            RD, WR, UN = fcntl.F_RDLCK, fcntl.F_WRLCK, fcntl.F_UNLCK
            def rw():
                return os.open('f', os.O_RDWR)
            """;

    private void lockPy(String code, String... expected) throws Exception {
        touch("f");
        chmod("f", 0666);
        expectPy(0, LOCK_PRELUDE + code, expected);
    }

    @ParameterizedTest(name = "held {0} [{1},+{2}), probed {3} [{4},+{5}): {6}")
    @CsvSource({
        "WR,0,0,WR,0,0,EAGAIN", "WR,0,0,RD,0,0,EAGAIN", "RD,0,0,WR,0,0,EAGAIN", "RD,0,0,RD,0,0,OK",
        "WR,0,10,WR,10,10,OK", "WR,0,10,WR,9,10,EAGAIN", "WR,100,0,WR,0,100,OK", "WR,100,0,RD,1000000,1,EAGAIN",
        "RD,5,5,WR,0,5,OK", "WR,1000000000,1,RD,1000000000,1,EAGAIN"})
    void fcntlConflicts(String held, long hs, long hl, String probed, long ps, long pl, String expected) throws Exception {
        lockPy("fd = rw()\nP(setlk(fd, " + held + ", " + hs + ", " + hl + "))\n"
                + "P(probe(lambda: setlk(rw(), " + probed + ", " + ps + ", " + pl + ")))", "OK", expected);
    }

    @Test
    void getlkReportsHolder() throws Exception {
        lockPy("""
                fd = rw()
                setlk(fd, WR, 10, 20)
                res = probe(lambda: getlk(rw(), RD, 0, 0))
                P(res == str((WR, 10, 20, os.getpid())))
                """, "True");
    }

    @Test
    void getlkWithoutConflictReportsUnlocked() throws Exception {
        lockPy("""
                fd = rw()
                setlk(fd, RD, 0, 0)
                P(probe(lambda: getlk(rw(), RD, 0, 0)[0] == UN), getlk(fd, WR, 0, 0)[0] == UN)
                """, "True True");
    }

    @Test
    void unlockReleases() throws Exception {
        lockPy("""
                fd = rw()
                setlk(fd, WR)
                P(probe(lambda: setlk(rw(), WR)))
                setlk(fd, UN)
                P(probe(lambda: setlk(rw(), WR)))
                """, "EAGAIN", "OK");
    }

    @Test
    void closingAnyDescriptorReleasesTheProcessLocks() throws Exception {
        lockPy("""
                fd = rw()
                other = os.open('f', os.O_RDONLY)
                setlk(fd, WR)
                os.close(other)
                P(probe(lambda: setlk(rw(), WR)))
                """, "OK");
    }

    @Test
    void exitReleases() throws Exception {
        lockPy("""
                def hold_and_exit():
                    setlk(rw(), WR)
                    return 'held'
                P(probe(hold_and_exit), setlk(rw(), WR))
                """, "held OK");
    }

    @Test
    void sameProcessNeverConflictsWithItself() throws Exception {
        lockPy("""
                a = rw(); b = rw()
                P(setlk(a, RD), setlk(b, WR), setlk(a, WR, 5, 5), setlk(b, UN, 0, 3))
                P(probe(lambda: setlk(rw(), WR, 0, 3)), probe(lambda: setlk(rw(), WR, 3, 1)))
                """, "OK OK OK OK", "OK EAGAIN");
    }

    @Test
    void writeLockNeedsWritableDescriptor() throws Exception {
        lockPy("""
                ro = os.open('f', os.O_RDONLY); wo = os.open('f', os.O_WRONLY)
                P(setlk(ro, WR), setlk(wo, RD), setlk(ro, RD), setlk(wo, WR))
                """, "EBADF EBADF OK OK");
    }

    @Test
    void negativeStartIsEinval() throws Exception {
        lockPy("P(setlk(rw(), WR, -1, 5))", "EINVAL");
    }

    @Test
    void waitingLockGrantedAfterRelease() throws Exception {
        lockPy("""
                fd = rw()
                setlk(fd, WR)
                def waiter():
                    t = time.monotonic()
                    r = setlk(rw(), WR, 0, 0, fcntl.F_SETLKW)
                    return '%s %d' % (r, int((time.monotonic() - t) * 1000) >= 200)
                r, w = os.pipe()
                pid = os.fork()
                if pid == 0:
                    os.close(r)
                    os.write(w, waiter().encode()); os._exit(0)
                os.close(w)
                time.sleep(0.3)
                setlk(fd, UN)
                P(os.read(r, 100).decode()); os.waitpid(pid, 0)
                """, "OK 1");
    }

    @Test
    void ofdLocksConflictBetweenDescriptorsOfOneProcess() throws Exception {
        lockPy("""
                a = rw(); b = rw()
                P(ofd(a, WR), ofd(b, WR), ofd(b, RD), ofd(a, UN), ofd(b, WR))
                """, "OK EAGAIN EAGAIN OK OK");
    }

    @Test
    void ofdLockConflictsWithPosixLockOfOtherProcess() throws Exception {
        lockPy("""
                a = rw()
                P(ofd(a, WR, 0, 10), probe(lambda: setlk(rw(), RD, 5, 1)))
                """, "OK EAGAIN");
    }

    // ------------------------------------------------------------------ flock

    @ParameterizedTest(name = "flock held {0}, probed {1}: {2}")
    @CsvSource({"LOCK_EX,LOCK_EX,EWOULDBLOCK", "LOCK_EX,LOCK_SH,EWOULDBLOCK", "LOCK_SH,LOCK_EX,EWOULDBLOCK",
        "LOCK_SH,LOCK_SH,OK"})
    void flockConflicts(String held, String probed, String expected) throws Exception {
        lockPy("fd = rw()\nP(E(fcntl.flock, fd, fcntl." + held + "))\n"
                + "P(probe(lambda: E(fcntl.flock, rw(), fcntl." + probed + " | fcntl.LOCK_NB)))", "OK", expected);
    }

    @Test
    void flockBetweenDescriptorsOfOneProcessConflicts() throws Exception {
        lockPy("""
                a = rw(); b = rw()
                P(E(fcntl.flock, a, fcntl.LOCK_EX), E(fcntl.flock, b, fcntl.LOCK_EX | fcntl.LOCK_NB))
                """, "OK EWOULDBLOCK");
    }

    @Test
    void flockReleasedOnClose() throws Exception {
        lockPy("""
                fd = rw()
                fcntl.flock(fd, fcntl.LOCK_EX)
                os.close(fd)
                P(probe(lambda: E(fcntl.flock, rw(), fcntl.LOCK_EX | fcntl.LOCK_NB)))
                """, "OK");
    }

    @Test
    void flockUpgradeBlockedBySharedHolder() throws Exception {
        lockPy("""
                fd = rw()
                fcntl.flock(fd, fcntl.LOCK_SH)
                def other():
                    o = rw()
                    return '%s %s' % (E(fcntl.flock, o, fcntl.LOCK_SH), E(fcntl.flock, o, fcntl.LOCK_EX | fcntl.LOCK_NB))
                P(probe(other))
                """, "OK EWOULDBLOCK");
    }

    @Test
    void flockInheritedDescriptorSharesTheLock() throws Exception {
        lockPy("""
                fd = rw()
                fcntl.flock(fd, fcntl.LOCK_EX)
                P(probe(lambda: E(fcntl.flock, fd, fcntl.LOCK_EX | fcntl.LOCK_NB)))
                """, "OK");
    }

    @Test
    void flockAndPosixLocksAreIndependent() throws Exception {
        lockPy("""
                fd = rw()
                fcntl.flock(fd, fcntl.LOCK_EX)
                P(probe(lambda: setlk(rw(), WR)))
                """, "OK");
    }

    @Test
    void flockCommandNonBlockingFailsWhileHeld() throws Exception {
        touch("f");
        List<String> out = py(0, LOCK_PRELUDE + """
                import subprocess
                fd = rw()
                fcntl.flock(fd, fcntl.LOCK_EX)
                r1 = subprocess.run(['flock', '-n', '-E', '42', 'f', 'true'], timeout=10).returncode
                fcntl.flock(fd, fcntl.LOCK_UN)
                r2 = subprocess.run(['flock', '-n', '-E', '42', 'f', 'true'], timeout=10).returncode
                P(r1, r2)
                """);
        assertEquals(List.of("42 0"), out);
    }

    @Test
    void locksOnDirectoryWithFlock() throws Exception {
        mkdir("d", 0755);
        List<String> out = py(0, LOCK_PRELUDE + """
                fd = os.open('d', os.O_RDONLY)
                fcntl.flock(fd, fcntl.LOCK_EX)
                P(probe(lambda: E(fcntl.flock, os.open('d', os.O_RDONLY), fcntl.LOCK_EX | fcntl.LOCK_NB)))
                """);
        assertEquals(List.of("EAGAIN"), out);
        assertTrue(exists("d"));
    }
}
