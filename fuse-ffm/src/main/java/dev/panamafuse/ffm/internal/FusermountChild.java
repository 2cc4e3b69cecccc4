package dev.panamafuse.ffm.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.OpenFlags;
import dev.panamafuse.mount.MountException.Reason;
import dev.panamafuse.mount.MountException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The child processes of {@link Fusermount}: finding the {@code fusermount3} program, running
 * it for an unmount, waiting for a spawned one (bounded, killing it when the time is up),
 * reading its stderr and turning what it said into a {@link MountException} with a reason, and
 * our own {@code auto_unmount} watcher.
 */
final class FusermountChild {
    private static final System.Logger LOG = System.getLogger(Fusermount.class.getName());
    private static final int ECHILD = 10;
    private static final int ESRCH = 3;
    private static final int EINTR = 4;

    private FusermountChild() {
    }

    /**
     * What our auto_unmount watcher runs (as the mounting user, not setuid): it waits for EOF on
     * stdin, the pipe only this process holds open, and then, if the mount's connection is
     * dead (listing the root fails, as after the death of this process), unmounts it lazily with
     * {@code fusermount3 -u -z}. A clean unmount kills the watcher first.
     */
    private static final String WATCHER_SCRIPT =
            "cat >/dev/null; ls -- \"$2\" >/dev/null 2>&1 || exec \"$1\" -u -z -- \"$2\"";

    /** Runs fusermount3 (no fd passing: ProcessBuilder); null on success, else {message}. */
    static String[] run(String program, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(command + " was interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.exitValue() == 0 ? null : new String[] {out.isEmpty() ? "exit " + p.exitValue() : oneLine(out)};
    }

    /**
     * Starts our auto_unmount watcher. fusermount3 up to 3.14 (Debian 12) cannot auto-unmount
     * for an unprivileged user without {@code allow_other}: its helper runs with euid 0 and
     * checks the mount by opening it, which the kernel refuses (EACCES) on another user's FUSE
     * mount, so it never unmounts (libfuse issue 586, fixed in later releases). The watcher does
     * the same job as the user. Where fusermount3 works, both try; the second finds nothing.
     *
     * @return the watcher's pid and the write end of its stdin pipe (close-on-exec)
     */
    static int[] startWatcher(String program, Path mountpoint) throws LibcException {
        int[] pipe = Libc.pipe2(OpenFlags.O_CLOEXEC);
        try {
            List<LibcSpawn.FileAction> actions = List.of(
                    new LibcSpawn.FileAction.Dup2(pipe[0], 0),
                    new LibcSpawn.FileAction.Open(1, "/dev/null", OpenFlags.O_WRONLY, 0),
                    new LibcSpawn.FileAction.Open(2, "/dev/null", OpenFlags.O_WRONLY, 0));
            List<String> env = new ArrayList<>();
            for (Map.Entry<String, String> e : System.getenv().entrySet()) {
                if (e.getKey().equals("PATH")) {
                    env.add(e.getKey() + "=" + e.getValue());
                }
            }
            int pid = LibcSpawn.posixSpawn("/bin/sh", List.of("sh", "-c", WATCHER_SCRIPT,
                    "panamafuse-auto-unmount", program, mountpoint.toString()), env, actions);
            closeQuietly(pipe[0]);
            return new int[] {pid, pipe[1]};
        } catch (LibcException | RuntimeException e) {
            closeQuietly(pipe[0]);
            closeQuietly(pipe[1]);
            throw e;
        }
    }

    /** The fusermount3 program: the property, the environment variable, else a search. */
    static String program() {
        String named = System.getProperty(Fusermount.PROGRAM_PROPERTY);
        if (named == null || named.isBlank()) {
            named = System.getenv(Fusermount.PROGRAM_ENV);
        }
        if (named != null && !named.isBlank()) {
            return named;
        }
        List<String> dirs = new ArrayList<>(List.of("/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin", "/sbin"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                if (d.startsWith("/")) {
                    dirs.add(d);
                }
            }
        }
        for (String d : dirs) {
            Path p = Path.of(d, "fusermount3");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return "/usr/bin/fusermount3";
    }

    static MountException failure(Path mountpoint, String program, int status, String stderr) {
        String said = oneLine(stderr);
        String how = LibcSpawn.exited(status) ? "exit " + LibcSpawn.exitStatus(status)
                : "killed by signal " + LibcSpawn.termSignal(status);
        String message = "cannot mount on " + mountpoint + ": " + (said.isEmpty()
                ? program + " passed no /dev/fuse descriptor (" + how + ")"
                : program + ": " + said + " (" + how + ")");
        Reason reason = Reason.OTHER;
        String lower = said.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("/dev/fuse")) {
            // fusermount3 opens /dev/fuse with the caller's uid
            reason = lower.contains("no such file or directory") ? Reason.DEVICE_MISSING : Reason.DEVICE_DENIED;
        } else if (lower.contains("allow_other")) {
            reason = Reason.ALLOW_OTHER_REFUSED;
        } else if (lower.contains("permission denied") || lower.contains("not permitted")) {
            reason = Reason.PERMISSION_DENIED;
        } else if (lower.contains("transport endpoint is not connected")) {
            reason = Reason.STALE_MOUNT;
        } else if (lower.contains("invalid argument") || lower.contains("unknown option")
                || lower.contains("bad mount option")) {
            reason = Reason.BAD_OPTIONS;
        } else if (lower.contains("device or resource busy")) {
            reason = Reason.ALREADY_MOUNTED;
        }
        return new MountException(reason, message);
    }

    /** Several lines of stderr as one: joined with "; ", without the program-name prefixes. */
    static String oneLine(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty()) {
                lines.add(l.replaceFirst("^\\S*fusermount3?: ", ""));
            }
        }
        return String.join("; ", lines);
    }

    static boolean waitReadable(int fd, long timeoutMs) throws LibcException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pfd = arena.allocate(Libc.POLLFD);
            while (true) {
                pfd.set(JAVA_INT, 0, fd);
                pfd.set(JAVA_SHORT, 4, (short) Libc.POLLIN);
                pfd.set(JAVA_SHORT, 6, (short) 0);
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                try {
                    if (Libc.poll(pfd, 1, (int) Math.min(left, 1000)) > 0) {
                        return true;
                    }
                } catch (LibcException e) {
                    if (e.errno() != EINTR) { // poll again
                        throw e;
                    }
                }
            }
        }
    }

    /** Reads what is in the pipe now and until its writers are gone, for at most 1 s. */
    static String drain(int fd) {
        StringBuilder out = new StringBuilder();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(4096);
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < deadline && out.length() < 16_384) {
                if (!waitReadable(fd, Math.max(1, (deadline - System.nanoTime()) / 1_000_000))) {
                    break;
                }
                long n = Libc.read(fd, buf);
                if (n <= 0) {
                    break;
                }
                out.append(new String(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                        StandardCharsets.UTF_8));
            }
        } catch (LibcException e) {
            out.append(" (reading its stderr: ").append(e.getMessage()).append(')');
        }
        return out.toString();
    }

    /** Waits for the child's exit (bounded); kills it when the time is up. Returns the wait status. */
    static int reap(int pid, long timeoutMs) throws LibcException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        long sleep = 1;
        while (true) {
            int status = LibcSpawn.waitpid(pid, LibcSpawn.WNOHANG);
            if (status != -1) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                LOG.log(Level.WARNING, "fusermount3 (pid " + pid + ") did not exit within " + timeoutMs + " ms: killing it");
                killQuietly(pid);
                return LibcSpawn.waitpid(pid, 0);
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                killQuietly(pid);
                return LibcSpawn.waitpid(pid, 0);
            }
            sleep = Math.min(sleep * 2, 50);
        }
    }

    static void killQuietly(int pid) {
        try {
            LibcSpawn.kill(pid, LibcSpawn.SIGKILL);
            LibcSpawn.waitpid(pid, 0);
        } catch (LibcException e) {
            if (e.errno() != ESRCH && e.errno() != ECHILD) {
                LOG.log(Level.WARNING, "killing fusermount3 (pid " + pid + "): " + e.getMessage());
            }
        }
    }

    static void closeQuietly(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            DescriptorCalls.close(fd);
        } catch (LibcException ignored) {
            // giving the descriptor up anyway
        }
    }
}
