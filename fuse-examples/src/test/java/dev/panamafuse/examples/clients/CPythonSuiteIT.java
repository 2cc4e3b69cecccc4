package dev.panamafuse.examples.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A check of POSIX behaviour written outside this project: part of CPython's own regression suite
 * (Debian's libpython3.11-testsuite: test_os, test_posix, test_shutil, test_stat, test_fileio,
 * test_tempfile, test_glob, test_pathlib) runs with its temporary directory and working directory
 * first on a tmpfs, then on a MemoryFs mount. Every test that passes on tmpfs must pass on MemoryFs
 * too (a skip counts as not passing); tests that fail or skip on tmpfs are ignored.
 *
 * <p>Results come from regrtest's {@code --junit-xml} report (one {@code testcase} per test, with a
 * {@code failure}, {@code error} or {@code skipped} child unless it passed), which is exact where
 * the {@code -v} text is not (docstrings and test output interleave with the "... ok" lines); the
 * {@code -v} output is kept for the failure message.
 */
@Timeout(value = 200, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CPythonSuiteIT {
    private static final List<String> MODULES = List.of("test_os", "test_posix", "test_shutil", "test_stat",
            "test_fileio", "test_tempfile", "test_glob", "test_pathlib");

    record Run(Map<String, String> results, Proc.Result process) {
    }

    @Test
    void whatPassesOnTmpfsPassesOnMemoryFs() throws Exception {
        Proc.requireFile(Path.of("/usr/bin/python3"), "python3");
        Proc.requireFile(Path.of("/usr/lib/python3.11/test/test_os.py"), "libpython3.11-testsuite");
        Proc.requireFile(Path.of("/usr/lib/python3.11/test/libregrtest/main.py"), "libpython3.11-testsuite");
        Run tmpfs;
        try (TestDir t = TestDir.tmpfs("cpython")) {
            tmpfs = suite(t);
        }
        Run memory;
        try (TestDir m = TestDir.memoryFs("cpython")) {
            memory = suite(m);
        }
        int passed = 0;
        List<String> differ = new ArrayList<>();
        for (Map.Entry<String, String> e : tmpfs.results().entrySet()) {
            if (e.getValue().equals("ok")) {
                passed++;
                String there = memory.results().getOrDefault(e.getKey(), "missing");
                if (!there.equals("ok")) {
                    differ.add(e.getKey() + ": " + there);
                }
            }
        }
        System.out.printf("CPython suite: %d tests, %d pass on tmpfs; %d of those differ on MemoryFs; "
                + "tmpfs %d ms, MemoryFs %d ms%n", tmpfs.results().size(), passed, differ.size(),
                tmpfs.process().took().toMillis(), memory.process().took().toMillis());
        differ.forEach(d -> System.out.println("  differs: " + d));
        assertTrue(passed > 500, "only " + passed + " tests passed on tmpfs: " + tmpfs.process().describe());
        assertEquals(List.of(), differ, "tests that pass on tmpfs but not on MemoryFs; "
                + "MemoryFs run: " + memory.process().describe());
    }

    /** Runs the modules with TMPDIR and the working directory in {@code dir}; test name to outcome. */
    private static Run suite(TestDir dir) throws Exception {
        Path xml = Files.createTempFile("pfuse-cpython-", ".xml");
        try {
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-m", "test", "-v",
                    "--junit-xml", xml.toString()));
            cmd.addAll(MODULES);
            Proc.Result r = Proc.run(Duration.ofSeconds(90), dir.path(),
                    Map.of("TMPDIR", dir.path().toString(), "HOME", dir.path().toString()), cmd);
            Map<String, String> results = new TreeMap<>();
            byte[] report = Files.readAllBytes(xml);
            if (report.length > 0) {
                NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new ByteArrayInputStream(report)).getElementsByTagName("testcase");
                for (int i = 0; i < cases.getLength(); i++) {
                    Element c = (Element) cases.item(i);
                    String outcome = "ok";
                    for (String bad : List.of("skipped", "failure", "error")) {
                        NodeList n = c.getElementsByTagName(bad);
                        if (n.getLength() > 0) {
                            String text = n.item(0).getTextContent().strip();
                            String first = text.isEmpty() ? "" : text.lines().reduce((a, b) -> b).orElse("");
                            outcome = bad + " " + first;
                            break;
                        }
                    }
                    results.merge(c.getAttribute("name"), outcome, (a, b) -> a.equals("ok") ? b : a);
                }
            }
            return new Run(results, r);
        } finally {
            Files.deleteIfExists(xml);
        }
    }
}
