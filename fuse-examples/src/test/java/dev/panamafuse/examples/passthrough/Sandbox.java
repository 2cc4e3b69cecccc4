package dev.panamafuse.examples.passthrough;

import dev.panamafuse.ffm.Fuse;
import dev.panamafuse.mount.FuseMount;
import dev.panamafuse.mount.MountOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A temporary tree for the passthrough tests: {@code base/source} (mirrored),
 * {@code base/outside} (must stay unreachable, holds {@code secret} and {@code f} with "SECRET")
 * and the mount point {@code base/x/y/mnt}, two levels deeper than the source, so that a
 * relative link out of the source, resolved by the client from the mount point, points at
 * {@code base/x/y/outside}, which does not exist.
 */
final class Sandbox implements AutoCloseable {
    final Path base;
    final Path source;
    final Path outside;
    final Path mnt;
    PassthroughFs fs;
    private FuseMount mount;
    private boolean tmpfsSource;

    Sandbox() throws IOException {
        base = Files.createTempDirectory("pfuse-passthrough-");
        source = Files.createDirectory(base.resolve("source"));
        outside = Files.createDirectory(base.resolve("outside"));
        mnt = Files.createDirectories(base.resolve("x/y/mnt"));
        Files.writeString(outside.resolve("secret"), "SECRET");
        Files.writeString(outside.resolve("f"), "SECRET");
    }

    /** Mounts a fresh tmpfs (1 MiB) on the source directory, so that the source behaves as tmpfs does; removed in {@link #close}. */
    Sandbox tmpfsSource() throws IOException, InterruptedException {
        String r = run(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", source.toString()));
        if (!r.startsWith("0 ")) {
            throw new IOException("mount -t tmpfs failed: " + r);
        }
        tmpfsSource = true;
        return this;
    }

    /** Mounts a {@link PassthroughFs} of the source with {@code default_permissions} and the given options. */
    Sandbox mount(String options) throws IOException {
        return mount(options, true);
    }

    /** Mounts with kernel passthrough on or off. */
    Sandbox mount(String options, boolean kernelPassthrough) throws IOException {
        fs = new PassthroughFs(source, kernelPassthrough);
        mount = Fuse.mount(mnt, fs, MountOptions.builder().parse("default_permissions" + options).build());
        return this;
    }

    /** Runs a program to its end (at most 30 s), returning its exit code and output. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        return p.exitValue() + " " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The first line a running program prints, waiting at most {@code seconds} for it. */
    static String firstLine(Process p, int seconds) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return r.readLine();
            } catch (IOException e) {
                return e.toString();
            }
        }).get(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        try {
            if (mount != null) {
                mount.close();
            }
        } finally {
            if (isMounted(mnt)) {
                run(List.of("umount", "-l", mnt.toString()));
                throw new IllegalStateException(mnt + " was still mounted");
            }
            if (tmpfsSource) {
                run(List.of("umount", source.toString()));
            }
            deleteTree(base);
        }
    }

    static boolean isMounted(Path dir) throws IOException {
        String target = dir.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
            String[] f = line.split(" ");
            if (f.length >= 2 && f[1].equals(target)) {
                return true;
            }
        }
        return false;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
