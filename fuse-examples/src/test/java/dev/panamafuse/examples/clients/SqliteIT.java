package dev.panamafuse.examples.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * {@code sqlite3} inserts 10,000 rows in one transaction (10,000 INSERT statements between BEGIN
 * and COMMIT, rows of 100 to 900 bytes so that the database outgrows SQLite's page cache), builds
 * an index, updates and deletes some rows, once with a rollback journal and once in WAL mode
 * (which maps the {@code -shm} file shared). A second {@code sqlite3} process then checks
 * {@code PRAGMA integrity_check} and the row count and sums.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SqliteIT {
    private static final int ROWS = 10_000;
    private static TestDir dir;

    @BeforeAll
    static void mount(TestInfo info) throws Exception {
        Proc.require("sqlite3", "sqlite3");
        dir = TestDir.open("sqlite", info);
    }

    @AfterAll
    static void unmount() throws Exception {
        if (dir != null) {
            dir.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"delete", "wal"})
    void tenThousandRowsInOneTransaction(String journalMode) throws Exception {
        Path db = dir.path().resolve("rows-" + journalMode + ".db");
        Path script = Files.createTempFile("pfuse-sqlite-", ".sql");
        try {
            StringBuilder sql = new StringBuilder();
            sql.append("PRAGMA journal_mode=").append(journalMode).append(";\n");
            sql.append("PRAGMA synchronous=FULL;\nPRAGMA cache_size=-512;\n");
            sql.append("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, payload BLOB NOT NULL);\n");
            sql.append("BEGIN;\n");
            for (int i = 1; i <= ROWS; i++) {
                sql.append("INSERT INTO t VALUES(").append(i).append(", 'row-").append(i)
                        .append("', zeroblob(").append(100 + i % 800).append("));\n");
            }
            sql.append("COMMIT;\n");
            sql.append("CREATE INDEX t_name ON t(name);\n");
            sql.append("UPDATE t SET payload = randomblob(length(payload)) WHERE id % 7 = 0;\n");
            sql.append("DELETE FROM t WHERE id % 1000 = 0;\n");
            sql.append("INSERT INTO t SELECT id + ").append(ROWS).append(", 'row-' || (id + ").append(ROWS)
                    .append("), payload FROM t WHERE id % 1000 = 1;\n");
            Files.writeString(script, sql);
            Proc.Result fill = Proc.ok(Duration.ofSeconds(60), dir.path(), "sqlite3", "-bail", db.toString(),
                    ".read " + script);
            assertEquals(journalMode + "\n", fill.output().lines().findFirst().orElse("") + "\n", fill.describe());

            Proc.Result check = Proc.ok(Duration.ofSeconds(30), dir.path(), "sqlite3", "-bail", db.toString(),
                    "PRAGMA journal_mode;",
                    "PRAGMA integrity_check;",
                    "SELECT count(*), sum(id), count(DISTINCT name), sum(length(payload)) FROM t;");
            long count = ROWS - ROWS / 1000 + ROWS / 1000;
            long sumIds = (long) ROWS * (ROWS + 1) / 2;
            long sumLen = 0;
            for (int i = 1; i <= ROWS; i++) {
                if (i % 1000 == 0) {
                    sumIds -= i;
                } else {
                    sumLen += 100 + i % 800;
                }
                if (i % 1000 == 1) {
                    sumIds += i + ROWS;
                    sumLen += 100 + i % 800;
                }
            }
            assertEquals(journalMode + "\nok\n" + count + "|" + sumIds + "|" + count + "|" + sumLen + "\n",
                    check.output(), check.describe());
            System.out.printf("sqlite3 %s on %s: fill %d ms, check %d ms%n", journalMode, dir,
                    fill.took().toMillis(), check.took().toMillis());
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
