package dev.panamafuse.examples.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code rsync -aH} copies {@code /usr/share/doc} (about 5,000 entries, symbolic links included)
 * onto the directory under test. Then some files there are changed (appended to, shortened,
 * rewritten in place, deleted, chmodded, touched, replaced by a directory) and a second
 * {@code rsync -aH --delete --no-whole-file} repairs them with its delta algorithm (temporary
 * files renamed over the originals). Finally {@code rsync --checksum --dry-run --itemize-changes}
 * finds nothing to do and the sha256sum listings of source and copy are equal.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RsyncIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String SOURCE = "/usr/share/doc/";
    private static TestDir dir;

    @BeforeAll
    static void mount() throws Exception {
        Proc.require("rsync", "rsync");
        Proc.require("sha256sum", "coreutils");
        dir = TestDir.open("rsync");
    }

    @AfterAll
    static void unmount() throws Exception {
        if (dir != null) {
            dir.close();
        }
    }

    @Test
    void copyDamageRepairAndCompare() throws Exception {
        Path copy = dir.path().resolve("doc");
        Proc.Result first = Proc.ok(WAIT, null, "rsync", "-aH", SOURCE, copy + "/");

        String damage = """
                set -e
                n=0
                for f in $(find . -type f -size +2k | sort | awk 'NR % 97 == 1'); do
                  n=$((n+1))
                  case $((n % 6)) in
                    0) printf 'appended\\n' >> "$f" ;;
                    1) truncate -s 1000 "$f" ;;
                    2) printf 'XXXXXXXX' | dd of="$f" bs=1 seek=700 conv=notrunc status=none ;;
                    3) rm "$f" ;;
                    4) chmod 0600 "$f" ;;
                    5) touch -d '2000-01-01' "$f" ;;
                  esac
                done
                victim=$(find . -type f | sort | head -1)
                rm "$victim" && mkdir "$victim" && echo x > "$victim/inside"
                mkdir -p not-in-source/deeper && echo extra > not-in-source/deeper/file
                echo "damaged $n files"
                """;
        Proc.Result damaged = Proc.ok(WAIT, copy, "sh", "-c", damage);
        Proc.Result dry = Proc.ok(WAIT, null, "rsync", "-aH", "--delete", "--checksum", "--dry-run",
                "--itemize-changes", SOURCE, copy + "/");
        assertTrue(dry.output().lines().count() > 20, "the damage is visible to rsync: " + dry.describe() + damaged.describe());

        Proc.Result second = Proc.ok(WAIT, null, "rsync", "-aH", "--delete", "--no-whole-file", SOURCE, copy + "/");
        Proc.Result check = Proc.ok(WAIT, null, "rsync", "-aH", "--delete", "--checksum", "--dry-run",
                "--itemize-changes", SOURCE, copy + "/");
        assertEquals("", check.output(), "rsync still finds differences: " + check.describe());

        String sums = "find . -type f -print0 | sort -z | xargs -0 sha256sum";
        Proc.Result want = Proc.ok(WAIT, Path.of(SOURCE), "sh", "-c", sums);
        Proc.Result got = Proc.ok(WAIT, copy, "sh", "-c", sums);
        assertEquals(want.output(), got.output(), "sha256sum listings");
        String types = "find . -printf '%y %m %P -> %l\\n' | sort";
        assertEquals(Proc.ok(WAIT, Path.of(SOURCE), "sh", "-c", types).output(),
                Proc.ok(WAIT, copy, "sh", "-c", types).output(), "types, modes and link targets");
        System.out.printf("rsync on %s: copy %d ms, repair %d ms, %d files%n", dir, first.took().toMillis(),
                second.took().toMillis(), want.output().lines().count());
    }
}
