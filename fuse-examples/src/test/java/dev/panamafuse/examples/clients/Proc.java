package dev.panamafuse.examples.clients;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program with a bounded wait. Its standard output and error go, merged, to a
 * file (never a pipe that could fill up); on timeout the program and all its descendants are
 * killed. Every client test of this package starts its programs through here.
 */
final class Proc {
    /** The most of a program's output quoted in an assertion message. */
    private static final int QUOTE = 24_000;

    private Proc() {
    }

    /** What a finished program left: its exit status and merged output. */
    record Result(List<String> command, int exit, String output, Duration took) {
        /** The command line, exit status, duration and (the end of) the output, for messages. */
        String describe() {
            String out = output.length() <= QUOTE ? output
                    : "[... " + (output.length() - QUOTE) + " chars cut ...]\n" + output.substring(output.length() - QUOTE);
            return String.join(" ", command) + "\n  exit " + exit + " after " + took.toMillis() + " ms; output:\n" + out;
        }
    }

    /**
     * Fails unless {@code program} is an executable on the PATH. Client tests never skip: a missing
     * program is a broken test machine, and the message says which Debian package to install.
     */
    static void require(String program, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return;
            }
        }
        fail("'" + program + "' is not installed: apt-get install " + debianPackage + " (.ci/run does)");
    }

    /** Fails unless {@code file} exists, naming the Debian package that provides it. */
    static void requireFile(Path file, String debianPackage) {
        if (!Files.exists(file)) {
            fail(file + " is missing: apt-get install " + debianPackage + " (.ci/run does)");
        }
    }

    static Result run(Duration timeout, Path cwd, String... command) throws IOException, InterruptedException {
        return run(timeout, cwd, Map.of(), Arrays.asList(command));
    }

    /**
     * Runs {@code command} in {@code cwd} with extra environment {@code env}, waiting at most
     * {@code timeout}. On timeout the process tree is killed and the test fails with the output so far.
     */
    static Result run(Duration timeout, Path cwd, Map<String, String> env, List<String> command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("pfuse-proc-", ".out");
        long start = System.nanoTime();
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (cwd != null) {
                pb.directory(cwd.toFile());
            }
            pb.environment().put("LC_ALL", "C");
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean finished;
            try {
                finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                if (p.isAlive()) {
                    kill(p);
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            String output = Files.readString(out, StandardCharsets.ISO_8859_1);
            Result r = new Result(List.copyOf(command), finished ? p.exitValue() : -1, output, took);
            if (Boolean.getBoolean("pfuse.clients.trace")) {
                String line = String.join(" ", command).replace('\n', ' ');
                System.out.printf("[%6d ms] exit %d: %.160s%n", took.toMillis(), r.exit(), line);
            }
            if (!finished) {
                fail("timed out after " + timeout.toSeconds() + " s (killed): " + r.describe());
            }
            return r;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Like {@link #run(Duration, Path, String...)}, failing with the output unless the exit status is 0. */
    static Result ok(Duration timeout, Path cwd, String... command) throws IOException, InterruptedException {
        return ok(timeout, cwd, Map.of(), Arrays.asList(command));
    }

    static Result ok(Duration timeout, Path cwd, Map<String, String> env, List<String> command)
            throws IOException, InterruptedException {
        Result r = run(timeout, cwd, env, command);
        if (r.exit() != 0) {
            fail("failed: " + r.describe());
        }
        return r;
    }

    /** Kills a process and all its descendants, children first, and waits (bounded) for them. */
    static void kill(Process p) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // best effort: a process that does not die within 5 s is reported by the mount check
            }
        }
    }
}
