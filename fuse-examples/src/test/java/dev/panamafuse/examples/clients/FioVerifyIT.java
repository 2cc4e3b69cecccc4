package dev.panamafuse.examples.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * {@code fio} writes files on the directory under test and reads them back, checking a crc32c of
 * every block: four jobs at once, 24 MiB each, random and sequential writes, mixed block sizes
 * (bssplit from 4 KiB to 1 MiB; bsrange with sizes that are not powers of two), one job with
 * {@code O_DIRECT}. Before its verify pass fio fsyncs and drops the page cache of each file
 * (fadvise DONTNEED), so the reads reach the filesystem.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FioVerifyIT {
    private static TestDir dir;

    @BeforeAll
    static void mount(TestInfo info) throws Exception {
        Proc.require("fio", "fio");
        dir = TestDir.open("fio", info);
    }

    @AfterAll
    static void unmount() throws Exception {
        if (dir != null) {
            dir.close();
        }
    }

    @Test
    void writeThenVerifyCrc32c() throws Exception {
        Path work = Files.createDirectory(dir.path().resolve("fio"));
        List<String> cmd = List.of("fio",
                "--directory=" + work, "--ioengine=psync", "--size=24m",
                "--verify=crc32c", "--do_verify=1", "--verify_fatal=1", "--verify_dump=0",
                "--end_fsync=1", "--error_dump=1", "--group_reporting=0",
                "--name=rand-bssplit", "--rw=randwrite", "--bssplit=4k/30:16k/25:64k/20:128k/15:1m/10",
                "--name=seq-bsrange", "--rw=write", "--bsrange=3k-300k",
                "--name=rand-bsrange", "--rw=randwrite", "--bsrange=1k-96k",
                "--name=seq-direct", "--rw=write", "--direct=1", "--bssplit=4k/40:64k/30:512k/30");
        Proc.Result r = Proc.ok(Duration.ofSeconds(120), work, java.util.Map.of(), cmd);
        String out = r.output();
        // fio prints "err= N" once per job in its normal report
        Matcher m = Pattern.compile("err=\\s*(\\d+)").matcher(out);
        int jobs = 0;
        while (m.find()) {
            assertEquals("0", m.group(1), "a job reported an error: " + r.describe());
            jobs++;
        }
        assertEquals(4, jobs, "fio reported " + jobs + " jobs, not 4: " + r.describe());
        assertFalse(out.contains("verify:") || out.contains("bad magic") || out.contains("crc32c: verify failed"),
                "verify errors: " + r.describe());
        // every job read back what it wrote: a "READ:" line in the run status
        assertTrue(out.contains("READ:") && out.contains("WRITE:"), r.describe());
        System.out.printf("fio on %s: %d ms%n", dir, r.took().toMillis());
    }
}
