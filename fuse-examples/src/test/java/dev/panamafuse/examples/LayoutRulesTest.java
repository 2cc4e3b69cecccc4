package dev.panamafuse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's layout rules (docs/design.md, "Layout rules"), checked over the whole tree so a
 * change that breaks one fails {@code bin/check}: no cycle between packages (from {@code jdeps}
 * over the compiled library and demo modules), no qualified export of an internal package, no
 * main source file over 400 lines but the two handler interfaces, a {@code package-info.java} in
 * every main package.
 */
class LayoutRulesTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final List<String> MODULES = List.of("fuse-core", "fuse-ffm", "fuse-examples", "benchmarks");
    private static final Set<String> LONG_ALLOWED = Set.of("FileSystem.java", "PathFileSystem.java");
    private static final int MOST_LINES = 400;
    private static final Pattern DEPENDENCY = Pattern.compile("^\\s+(dev\\.panamafuse[\\w.]*)\\s+->\\s+(dev\\.panamafuse[\\w.]*)\\s");

    @Test
    void noCycleBetweenPackages() throws Exception {
        Map<String, Set<String>> graph = packageGraph(List.of("fuse-core", "fuse-ffm", "fuse-examples"));
        assertTrue(graph.size() > 5, "jdeps found too few packages: " + graph.keySet());
        List<List<String>> cycles = stronglyConnected(graph).stream().filter(c -> c.size() > 1).toList();
        assertTrue(cycles.isEmpty(), "packages that depend on each other (each group is a cycle): " + cycles);
    }

    @Test
    void noQualifiedExportOfAnInternalPackage() throws IOException {
        for (String module : MODULES) {
            Path info = ROOT.resolve(module).resolve("src/main/java/module-info.java");
            if (!Files.exists(info)) {
                continue;
            }
            for (String line : Files.readAllLines(info)) {
                String l = line.strip();
                assertTrue(!(l.startsWith("exports ") && l.contains("internal")),
                        module + " exports an internal package: " + l);
            }
        }
        String ffm = Files.readString(ROOT.resolve("fuse-ffm/src/main/java/module-info.java"));
        assertTrue(!Pattern.compile("exports\\s+[\\w.]+\\s+to\\s").matcher(ffm).find(),
                "fuse-ffm must have no qualified export");
    }

    @Test
    void mainSourceFilesAreShort() throws IOException {
        Map<String, Integer> tooLong = new TreeMap<>();
        for (Path file : mainSources()) {
            int lines = Files.readAllLines(file, StandardCharsets.UTF_8).size();
            if (lines > MOST_LINES && !LONG_ALLOWED.contains(file.getFileName().toString())) {
                tooLong.put(ROOT.relativize(file).toString(), lines);
            }
        }
        assertEquals(Map.of(), tooLong, "main source files over " + MOST_LINES + " lines");
    }

    @Test
    void everyMainPackageHasPackageInfo() throws IOException {
        Set<String> missing = new TreeSet<>();
        for (Path file : mainSources()) {
            Path dir = file.getParent();
            if (!file.getFileName().toString().equals("module-info.java") && !Files.exists(dir.resolve("package-info.java"))) {
                missing.add(ROOT.relativize(dir).toString());
            }
        }
        assertEquals(Set.of(), missing, "packages without package-info.java");
    }

    private static List<Path> mainSources() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String module : MODULES) {
            Path src = ROOT.resolve(module).resolve("src/main/java");
            if (Files.isDirectory(src)) {
                try (Stream<Path> s = Files.walk(src)) {
                    s.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
                }
            }
        }
        assertTrue(files.size() > 100, "found only " + files.size() + " main sources under " + ROOT);
        return files;
    }

    /** Package to the packages it uses, from {@code jdeps -verbose:package} over the modules' classes. */
    private static Map<String, Set<String>> packageGraph(List<String> modules) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jdeps").toString(),
                "-verbose:package", "--multi-release", "22", "-e", "dev\\.panamafuse.*"));
        // the jars the modules require (Picocli), from this test's class path
        String jars = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> e.endsWith(".jar")).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        command.addAll(List.of("--module-path", jars));
        for (String m : modules) {
            Path classes = ROOT.resolve(m).resolve("target/classes");
            assertTrue(Files.isDirectory(classes), classes + " is not built");
            command.add(classes.toString());
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jdeps did not finish");
        assertEquals(0, p.exitValue(), "jdeps failed: " + out);
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.lines().toList()) {
            Matcher m = DEPENDENCY.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
                graph.computeIfAbsent(m.group(2), k -> new TreeSet<>());
            }
        }
        return graph;
    }

    /** Tarjan's strongly connected components of {@code graph}. */
    private static List<List<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> components = new ArrayList<>();
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                visit(v, graph, index, low, stack, onStack, components);
            }
        }
        return components;
    }

    private static void visit(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
                              Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                              List<List<String>> components) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                visit(w, graph, index, low, stack, onStack, components);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            components.add(component.reversed());
        }
    }
}
