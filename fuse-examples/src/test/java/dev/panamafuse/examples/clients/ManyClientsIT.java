package dev.panamafuse.examples.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many clients at once: eight {@code python3} processes ({@code churn.py}, a test resource) share
 * four directories and their subdirectories for 30 s, creating files (written under a temporary
 * name, then renamed into place), renaming, hard-linking, rewriting in place, reading, deleting
 * files and making and removing subdirectories, each file's content encoding its own name. ENOENT,
 * EEXIST and ENOTEMPTY from races between them are expected; any other error fails the test, as
 * does a read whose content does not match the file's name. Afterwards {@code churn.py check}
 * reads every surviving file against its name and compares each inode's st_nlink with the names
 * found; {@code find} and {@code ls -lR} must succeed; and the {@code dev.panamafuse} loggers must
 * not have reported a warning.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ManyClientsIT {
    private static final int CLIENTS = 8;
    private static final int SECONDS = 30;
    private static TestDir dir;
    private static Path script;

    @BeforeAll
    static void mount() throws Exception {
        Proc.requireFile(Path.of("/usr/bin/python3"), "python3");
        Proc.require("find", "findutils");
        script = Files.createTempFile("pfuse-churn-", ".py");
        try (InputStream in = ManyClientsIT.class.getResourceAsStream("churn.py")) {
            Files.write(script, in.readAllBytes());
        }
        dir = TestDir.open("many");
    }

    @AfterAll
    static void unmount() throws Exception {
        try {
            if (dir != null) {
                dir.close();
            }
        } finally {
            if (script != null) {
                Files.deleteIfExists(script);
            }
        }
    }

    @Test
    void eightClientsChurnTheSameDirectories() throws Exception {
        Path root = Files.createDirectory(dir.path().resolve("shared"));
        List<Future<Proc.Result>> clients = new ArrayList<>();
        // Platform threads, never virtual ones: the filesystem serves its requests on virtual
        // threads of this same JVM, and ProcessBuilder.start() pins its carrier while the child
        // (jspawnhelper) changes into the working directory on the mount. With virtual threads
        // here, two such starts occupied both carriers of this 2-core machine while their children
        // waited for a FUSE reply that no carrier was left to compute: a deadlock.
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Proc.Result> results = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                List<String> cmd = List.of("/usr/bin/python3", script.toString(), "work", root.toString(), "c" + i,
                        Integer.toString(SECONDS), Integer.toString(1000 + i));
                clients.add(pool.submit(() -> Proc.run(Duration.ofSeconds(SECONDS + 60), root, Map.of(), cmd)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS + 75);
            for (Future<Proc.Result> f : clients) {
                results.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> failures = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        for (Proc.Result r : results) {
            summary.append(r.output().strip()).append('\n');
            if (r.exit() != 0) {
                failures.add(r.describe());
            }
        }
        assertEquals(List.of(), failures, "clients with unexpected errors on " + dir);

        Proc.Result check = Proc.run(Duration.ofSeconds(60), root, "/usr/bin/python3", script.toString(), "check", root.toString());
        assertEquals(0, check.exit(), "the tree is not consistent: " + check.describe());
        Proc.Result find = Proc.run(Duration.ofSeconds(30), root, "find", ".");
        assertEquals(0, find.exit(), find.describe());
        Proc.Result ls = Proc.run(Duration.ofSeconds(30), root, "ls", "-lR", ".");
        assertEquals(0, ls.exit(), ls.describe());
        assertTrue(find.output().lines().count() > CLIENTS, find.describe());
        dir.assertNoLoggedProblems();
        System.out.printf("many clients on %s: %s%s", dir, summary, check.output());
    }
}
