package dev.panamafuse.examples.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives each check a fresh, world-writable (0777) subdirectory of the suite's root, removes it
 * afterwards, and counts the checks that passed and failed per suite (the outermost test class).
 * Every test case, and every invocation of a parameterized one, counts as one check.
 */
public final class ConformanceExtension implements BeforeEachCallback, AfterEachCallback, TestWatcher {
    private static final POSIX POSIX = POSIXFactory.getPOSIX();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Map<Class<?>, Tally> TALLIES = new ConcurrentHashMap<>();

    /** Counts of one suite. */
    static final class Tally {
        final AtomicInteger passed = new AtomicInteger();
        final AtomicInteger aborted = new AtomicInteger();
        final List<String> failures = new ArrayList<>();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Object instance = context.getRequiredTestInstance();
        Object outer = context.getRequiredTestInstances().getAllInstances().get(0);
        if (!(instance instanceof ConformanceBase base) || !(outer instanceof ConformanceSuite suite)) {
            throw new IllegalStateException("a conformance check must be a @Nested class of a ConformanceSuite");
        }
        String method = context.getRequiredTestMethod().getName();
        Path dir = suite.root().resolve(String.format("%05d-%s", SEQUENCE.incrementAndGet(), method));
        Files.createDirectory(dir);
        if (POSIX.chmod(dir.toString(), 0777) != 0) {
            throw new IOException("chmod 0777 " + dir + ": " + Errnos.name(POSIX.errno()));
        }
        base.init(suite, dir);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Object instance = context.getRequiredTestInstance();
        if (instance instanceof ConformanceBase base && base.dir != null) {
            deleteQuietly(base.dir);
        }
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        tally(context).passed.incrementAndGet();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Tally t = tally(context);
        synchronized (t.failures) {
            t.failures.add(describe(context) + ": " + String.valueOf(cause.getMessage()).replace('\n', ' '));
        }
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        tally(context).aborted.incrementAndGet();
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        // not counted
    }

    /**
     * The summary line of a suite, e.g. {@code conformance on tmpfs: 312 checks passed, 0 failed},
     * followed by one line per failed check.
     */
    static String report(Class<?> suite, String label) {
        Tally t = TALLIES.getOrDefault(suite, new Tally());
        StringBuilder sb = new StringBuilder();
        int failed;
        synchronized (t.failures) {
            failed = t.failures.size();
            sb.append("conformance on ").append(label).append(": ").append(t.passed.get())
                    .append(" checks passed, ").append(failed).append(" failed");
            if (t.aborted.get() > 0) {
                sb.append(", ").append(t.aborted.get()).append(" skipped");
            }
            for (String f : t.failures) {
                sb.append("\n  FAILED ").append(f);
            }
        }
        return sb.toString();
    }

    private static String describe(ExtensionContext context) {
        String cls = context.getRequiredTestClass().getSimpleName();
        String name = context.getDisplayName();
        String method = context.getTestMethod().map(m -> m.getName()).orElse(name);
        return cls + "." + method + (name.startsWith(method) ? "" : " " + name);
    }

    /** The tally of the suite running the check: the class of the outermost test instance. */
    private static Tally tally(ExtensionContext context) {
        Class<?> c = context.getRequiredTestClass();
        if (context.getTestInstances().isPresent()) {
            c = context.getTestInstances().get().getAllInstances().get(0).getClass();
        } else {
            while (c.getEnclosingClass() != null) {
                c = c.getEnclosingClass();
            }
        }
        return TALLIES.computeIfAbsent(c, k -> new Tally());
    }

    static void deleteQuietly(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a failed check may leave something behind
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }
}
