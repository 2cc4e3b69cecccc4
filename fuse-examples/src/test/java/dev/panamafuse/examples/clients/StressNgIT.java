package dev.panamafuse.examples.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code stress-ng} file stressors with {@code --temp-path} on the directory under test, 2 workers
 * each, with {@code --verify} (hdd and seek check what they read back): dir, link (hard and
 * symbolic), rename, flock, fallocate, seek and hdd all at once (14 processes, 10 s), then xattr
 * alone (two bogo ops; see {@link #xattrStressor()}). Each run fails
 * unless stress-ng exits 0 and reports a successful run, no "fail:" or "error:" line, and bogo
 * operations for every stressor (a stressor that skipped itself has none).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StressNgIT {
    private static TestDir dir;

    @BeforeAll
    static void mount() throws Exception {
        Proc.require("stress-ng", "stress-ng");
        dir = TestDir.open("stressng");
    }

    @AfterAll
    static void unmount() throws Exception {
        if (dir != null) {
            dir.close();
        }
    }

    @Test
    void fileStressorsTogetherWithVerify() throws Exception {
        // keep the data stressors well inside MemoryFs's 1 GiB
        stress("together", List.of("dir", "link", "rename", "flock", "fallocate", "seek", "hdd"),
                List.of("--timeout", "10s", "--hdd-bytes", "64m", "--fallocate-bytes", "64m", "--seek-size", "16m"));
    }

    /**
     * One bogo op of the xattr stressor is about 50,000 xattr calls (it fills a file with 4,096
     * attributes and reads, lists and removes them), some 3 s through FUSE on an idle machine: among
     * the other stressors 10 s are not enough for one op. So it runs alone, for a number of ops.
     */
    @Test
    void xattrStressor() throws Exception {
        stress("xattr", List.of("xattr"), List.of("--xattr-ops", "2", "--timeout", "40s"));
    }

    private static void stress(String name, List<String> stressors, List<String> options) throws Exception {
        Path temp = Files.createDirectory(dir.path().resolve(name));
        List<String> cmd = new ArrayList<>(List.of("stress-ng", "--temp-path", temp.toString(),
                "--verify", "--metrics-brief", "--no-rand-seed"));
        for (String s : stressors) {
            cmd.add("--" + s);
            cmd.add("2");
        }
        cmd.addAll(options);
        Proc.Result r = Proc.run(Duration.ofSeconds(70), temp, Map.of(), cmd);
        String out = r.output();
        assertEquals(0, r.exit(), "stress-ng failed on " + dir + ": " + r.describe());
        assertTrue(out.contains("successful run completed") && !out.contains("unsuccessful"), r.describe());
        for (String line : out.lines().toList()) {
            if (line.matches("stress-ng: (fail|error):.*") || line.matches(".*\\bfailed: [1-9].*")
                    || line.matches(".*\\bskipped: [1-9].*")) {
                fail("stress-ng reported: " + line + "\n" + r.describe());
            }
        }
        Map<String, Long> ops = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^stress-ng: metrc: \\[\\d+\\] (\\w+)\\s+(\\d+)\\s+\\d").matcher(out);
        while (m.find()) {
            ops.put(m.group(1), Long.parseLong(m.group(2)));
        }
        for (String s : stressors) {
            Long n = ops.get(s);
            assertTrue(n != null && n > 0, "no bogo ops for stressor " + s + " " + ops + ": " + r.describe());
        }
        System.out.printf("stress-ng %s on %s: %d ms, bogo ops %s%n", name, dir, r.took().toMillis(), ops);
    }
}
