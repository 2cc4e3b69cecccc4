package dev.panamafuse.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The one-file example of the project's {@code README.md}, as a reader would use it: the Java
 * block is taken from the README as it stands, compiled against the library, run in a JVM of its
 * own on a temporary mountpoint, read with {@code cat}, and unmounted with {@code umount}, after
 * which the example's {@code main} must return. A README whose example no longer compiles (a
 * moved type, a changed signature) or no longer mounts fails here.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadmeExampleIT {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void oneFileExampleCompilesMountsAndUnmounts() throws Exception {
        String source = example();
        Path work = Files.createTempDirectory("pfuse-readme-");
        Path mnt = Files.createDirectory(work.resolve("mnt"));
        Path classes = Files.createDirectory(work.resolve("classes"));
        Path file = work.resolve("OneFile.java");
        Files.writeString(file, source);
        String classPath = System.getProperty("java.class.path");

        Path bin = Path.of(System.getProperty("java.home"), "bin");
        run(bin.resolve("javac").toString(), "--release", "22", "-cp", classPath, "-d", classes.toString(),
                file.toString());

        String java = bin.resolve("java").toString();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", classes + File.pathSeparator + classPath, "OneFile", mnt.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("out.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!FuseMountIT.isMounted(mnt) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(FuseMountIT.isMounted(mnt), "the example did not mount within 30 s: "
                    + Files.readString(work.resolve("out.txt")));
            assertEquals(List.of("greeting"), run("ls", mnt.toString()).lines().toList());
            assertEquals("hi there\n", run("cat", mnt.resolve("greeting").toString()));
            run("umount", mnt.toString());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "main did not return after umount");
            assertEquals(0, p.exitValue(), Files.readString(work.resolve("out.txt")));
        } finally {
            if (FuseMountIT.isMounted(mnt)) {
                new ProcessBuilder("umount", "-l", mnt.toString()).start().waitFor(10, TimeUnit.SECONDS);
            }
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertFalse(FuseMountIT.isMounted(mnt));
    }

    /** The Java block of README.md that holds {@code class OneFile}. */
    private static String example() throws IOException {
        Path readme = Path.of(System.getProperty("user.dir")).getParent().resolve("README.md");
        Matcher m = JAVA_BLOCK.matcher(Files.readString(readme));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            if (m.group(1).contains("class OneFile")) {
                blocks.add(m.group(1));
            }
        }
        assertEquals(1, blocks.size(), "README.md must hold exactly one java block with class OneFile");
        return blocks.get(0);
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }
}
