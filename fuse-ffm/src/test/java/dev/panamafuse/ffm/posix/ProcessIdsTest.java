package dev.panamafuse.ffm.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.Test;

/** ProcessIds against jnr-posix, the independent oracle. */
class ProcessIdsTest {

    private static final POSIX POSIX = POSIXFactory.getPOSIX();

    @Test
    void idsMatchJnrPosix() {
        assertEquals(POSIX.geteuid(), ProcessIds.geteuid());
        assertEquals(POSIX.getuid(), ProcessIds.getuid());
        assertEquals(POSIX.getgid(), ProcessIds.getgid());
        assertEquals(POSIX.getegid(), ProcessIds.getegid());
        assertEquals(POSIX.getpid(), ProcessIds.getpid());
        assertEquals(ProcessHandle.current().pid(), ProcessIds.getpid());
    }
}
