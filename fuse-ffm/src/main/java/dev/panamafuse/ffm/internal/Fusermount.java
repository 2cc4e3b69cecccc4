package dev.panamafuse.ffm.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.panamafuse.mount.MountException.Reason;
import dev.panamafuse.mount.MountException;
import dev.panamafuse.mount.MountOptions;
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
 * Unprivileged mounting through the setuid helper {@code fusermount3} (Debian package
 * {@code fuse3}).
 *
 * <p>Protocol ({@code _FUSE_COMMFD}): we create a UNIX stream socket pair, start
 * {@code fusermount3 -o OPTIONS -- MOUNTPOINT} with one end at descriptor {@link #CHILD_FD} and
 * {@code _FUSE_COMMFD=3} in its environment. fusermount3 opens {@code /dev/fuse}, mounts, and
 * sends the descriptor back with {@code SCM_RIGHTS}; then it exits, except with
 * {@code auto_unmount}, where it stays and unmounts when our end of the socket closes (when this
 * process dies, however it dies). Its stderr goes to a pipe, so its own message can be shown
 * when it fails.
 *
 * <p>The program is {@code fusermount3} from {@code /usr/bin}, {@code /bin}, {@code /usr/local/bin}
 * or the {@code PATH}, unless the system property {@value #PROGRAM_PROPERTY} or the environment
 * variable {@value #PROGRAM_ENV} names another.
 */
public final class Fusermount {
    /** System property naming the fusermount3 program to use. */
    public static final String PROGRAM_PROPERTY = "panamafuse.fusermount";
    /** Environment variable naming the fusermount3 program to use (the property wins). */
    public static final String PROGRAM_ENV = "PANAMAFUSE_FUSERMOUNT";
    /** Where the child sees its end of the socket. */
    static final int CHILD_FD = 3;

    private static final System.Logger LOG = System.getLogger(Fusermount.class.getName());
    private static final long MOUNT_TIMEOUT_MS = 20_000;
    private static final long EXIT_TIMEOUT_MS = 5_000;
    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int ECHILD = 10;
    private static final int ESRCH = 3;
    private static final Path FUSE_CONF = Path.of("/etc/fuse.conf");

    private Fusermount() {
    }

    /**
     * A fusermount3 mount: the {@code /dev/fuse} descriptor, and for {@code auto_unmount} the
     * helper still running and our end of its socket (both -1 otherwise).
     *
     * @param fd        the connection's {@code /dev/fuse} descriptor
     * @param helperPid the pid of the fusermount3 that watches {@code socket}, or -1
     * @param socket    our end of the socket to that fusermount3, or -1
     * @param program   the fusermount3 program used
     * @param watcherPid the pid of our own auto_unmount watcher (see {@link #startWatcher}), or -1
     * @param watcherFd  the write end of the watcher's stdin pipe, or -1
     */
    public record Mounted(int fd, int helperPid, int socket, String program, int watcherPid, int watcherFd) {
    }

    /**
     * What our auto_unmount watcher runs (as the mounting user, not setuid): it waits for EOF on
     * stdin, the pipe only this process holds open, and then, if the mount's connection is
     * dead (listing the root fails, as after the death of this process), unmounts it lazily with
     * {@code fusermount3 -u -z}. A clean unmount kills the watcher first.
     */
    private static final String WATCHER_SCRIPT =
            "cat >/dev/null; ls -- \"$2\" >/dev/null 2>&1 || exec \"$1\" -u -z -- \"$2\"";

    /**
     * Mounts through fusermount3.
     *
     * @param mountpoint an existing directory, absolute
     * @param options    the options
     * @return the descriptor and what to keep for {@code auto_unmount}
     * @throws MountException FUSERMOUNT_MISSING, ALLOW_OTHER_REFUSED, or what fusermount3 said
     */
    public static Mounted mount(Path mountpoint, MountOptions options) throws MountException {
        String program = program();
        if (options.kernel().kernelAllowsOther() && Libc.geteuid() != 0 && !userAllowOther()) {
            throw new MountException(Reason.ALLOW_OTHER_REFUSED, "allow_other on " + mountpoint
                    + " is refused: an unprivileged user needs a line 'user_allow_other' in " + FUSE_CONF
                    + " (or mount as root)");
        }
        String opts = optionsText(options);
        int[] sock = null;
        int[] err = null;
        int pid = -1;
        boolean ok = false;
        int fd = -1;
        try {
            sock = LibcSpawn.socketpair(LibcSpawn.AF_UNIX, LibcSpawn.SOCK_STREAM | LibcSpawn.SOCK_CLOEXEC);
            err = Libc.pipe2(Libc.O_CLOEXEC);
            List<LibcSpawn.FileAction> actions = new ArrayList<>();
            actions.add(new LibcSpawn.FileAction.Open(0, "/dev/null", Libc.O_RDONLY, 0));
            if (sock[1] == CHILD_FD) {
                // dup2 onto itself would keep close-on-exec: move it first
                int moved = Libc.dup(sock[1]);
                LibcSpawn.fcntl(moved, LibcSpawn.F_SETFD, LibcSpawn.FD_CLOEXEC);
                closeQuietly(sock[1]);
                sock[1] = moved;
            }
            actions.add(new LibcSpawn.FileAction.Dup2(err[1], 1));
            actions.add(new LibcSpawn.FileAction.Dup2(err[1], 2));
            actions.add(new LibcSpawn.FileAction.Dup2(sock[1], CHILD_FD));
            List<String> argv = List.of(program, "-o", opts, "--", mountpoint.toString());
            pid = LibcSpawn.posixSpawn(program, argv, environment(), actions);
            closeQuietly(sock[1]);
            sock[1] = -1;
            closeQuietly(err[1]);
            err[1] = -1;

            if (waitReadable(sock[0], MOUNT_TIMEOUT_MS)) {
                fd = LibcSpawn.receiveFd(sock[0]);
            }
            if (fd < 0) {
                int status = reap(pid, EXIT_TIMEOUT_MS);
                pid = -1;
                throw failure(mountpoint, program, status, drain(err[0]));
            }
            if (!options.autoUnmount()) {
                int status = reap(pid, EXIT_TIMEOUT_MS);
                pid = -1;
                if (!LibcSpawn.exited(status) || LibcSpawn.exitStatus(status) != 0) {
                    throw failure(mountpoint, program, status, drain(err[0]));
                }
                String warnings = drain(err[0]);
                if (!warnings.isBlank()) {
                    LOG.log(Level.WARNING, program + ": " + warnings.strip());
                }
                ok = true;
                return new Mounted(fd, -1, -1, program, -1, -1);
            }
            int[] watcher = Libc.geteuid() == 0 ? new int[] {-1, -1} : startWatcher(program, mountpoint);
            ok = true;
            Mounted m = new Mounted(fd, pid, sock[0], program, watcher[0], watcher[1]);
            sock[0] = -1;
            pid = -1;
            return m;
        } catch (LibcException e) {
            if (e.call().equals("posix_spawn") && (e.errno() == ENOENT || e.errno() == EACCES)) {
                throw missing(program, e);
            }
            throw new MountException(Reason.OTHER, "mounting " + mountpoint + " through " + program + " failed: "
                    + e.getMessage(), e);
        } finally {
            if (!ok && fd >= 0) {
                closeQuietly(fd);
            }
            if (pid > 0) {
                killQuietly(pid);
            }
            if (sock != null) {
                closeQuietly(sock[0]);
                closeQuietly(sock[1]);
            }
            if (err != null) {
                closeQuietly(err[0]);
                closeQuietly(err[1]);
            }
        }
    }

    /**
     * Unmounts with {@code fusermount3 -u}, then {@code -u -z} (lazy) when the mount is busy.
     *
     * @param program    the program that mounted
     * @param mountpoint the mountpoint
     * @return false if fusermount3 said nothing was mounted there any more
     * @throws IOException naming fusermount3's message when it fails otherwise
     */
    public static boolean unmount(String program, Path mountpoint) throws IOException {
        String[] r = run(program, "-u", "--", mountpoint.toString());
        if (r == null) {
            return true;
        }
        if (r[0].contains("not found in") || r[0].contains("not mounted") || r[0].contains("Invalid argument")) {
            return false;
        }
        if (!r[0].contains("busy")) {
            throw new IOException(program + " -u " + mountpoint + " failed: " + r[0]);
        }
        String[] lazy = run(program, "-u", "-z", "--", mountpoint.toString());
        if (lazy != null) {
            throw new IOException(program + " -u -z " + mountpoint + " failed: " + lazy[0]);
        }
        return true;
    }

    /**
     * Unmounts any FUSE mount the caller may unmount ({@code panamafuse unmount}, {@code Fuse.unmount}
     * without root): {@code fusermount3 -u}, with {@code -z} when {@code lazy}.
     *
     * @param mountpoint the mountpoint
     * @param lazy       detach even when busy
     * @throws MountException naming fusermount3's complaint, with the matching reason
     */
    public static void unmountAny(Path mountpoint, boolean lazy) throws MountException {
        if (Files.notExists(mountpoint)) {
            throw new MountException(Reason.MOUNTPOINT_MISSING, "mountpoint " + mountpoint + " does not exist");
        }
        String program = program();
        String[] r;
        try {
            // no -q: its message is the reason shown when it fails
            r = lazy ? run(program, "-u", "-z", "--", mountpoint.toString())
                    : run(program, "-u", "--", mountpoint.toString());
        } catch (IOException e) {
            throw new MountException(Reason.FUSERMOUNT_MISSING, "cannot run " + program + " (Debian package fuse3) to"
                    + " unmount " + mountpoint + ": " + e.getMessage(), e);
        }
        if (r != null) {
            String said = program + ": " + r[0];
            if (r[0].contains("not found in") || r[0].contains("not mounted")) {
                throw new MountException(Reason.NOT_MOUNTED, "nothing is mounted on " + mountpoint + " (" + said + ")");
            }
            if (r[0].contains("busy")) {
                throw new MountException(Reason.ALREADY_MOUNTED, mountpoint + " is busy (files open or a process"
                        + " inside it); unmount it lazily to detach it now (" + said + ")");
            }
            Reason reason = r[0].contains("ermission denied") || r[0].contains("not permitted")
                    ? Reason.PERMISSION_DENIED : Reason.OTHER;
            throw new MountException(reason, "unmounting " + mountpoint + " failed: " + said);
        }
    }

    /** Runs fusermount3 (no fd passing: ProcessBuilder); null on success, else {message}. */
    private static String[] run(String program, String... args) throws IOException {
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
     * Ends an {@code auto_unmount} helper: closes our end of its socket (it then unmounts, if
     * still mounted, and exits) and reaps it, killing it if it lingers.
     *
     * @param mounted the mount
     */
    public static void release(Mounted mounted) {
        if (mounted.watcherPid() > 0) {
            killQuietly(mounted.watcherPid());
        }
        if (mounted.watcherFd() >= 0) {
            closeQuietly(mounted.watcherFd());
        }
        if (mounted.socket() >= 0) {
            closeQuietly(mounted.socket());
        }
        if (mounted.helperPid() > 0) {
            try {
                reap(mounted.helperPid(), EXIT_TIMEOUT_MS);
            } catch (LibcException e) {
                if (e.errno() != ECHILD) {
                    LOG.log(Level.WARNING, "reaping " + mounted.program() + ": " + e.getMessage());
                }
            }
        }
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
    private static int[] startWatcher(String program, Path mountpoint) throws LibcException {
        int[] pipe = Libc.pipe2(Libc.O_CLOEXEC);
        try {
            List<LibcSpawn.FileAction> actions = List.of(
                    new LibcSpawn.FileAction.Dup2(pipe[0], 0),
                    new LibcSpawn.FileAction.Open(1, "/dev/null", Libc.O_WRONLY, 0),
                    new LibcSpawn.FileAction.Open(2, "/dev/null", Libc.O_WRONLY, 0));
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
        String named = System.getProperty(PROGRAM_PROPERTY);
        if (named == null || named.isBlank()) {
            named = System.getenv(PROGRAM_ENV);
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

    private static MountException missing(String program, Exception cause) {
        return new MountException(Reason.FUSERMOUNT_MISSING, "mounting without root needs fusermount3, but "
                + program + " cannot be run (" + (cause instanceof LibcException l ? describe(l) : cause.getMessage())
                + "): install the package fuse3 (apt-get install fuse3)", cause);
    }

    private static String describe(LibcException e) {
        return e.toErrno() == null ? e.getMessage() : e.toErrno().description();
    }

    /** Whether /etc/fuse.conf has a line {@code user_allow_other} (comments and blanks aside). */
    static boolean userAllowOther() {
        try {
            for (String line : Files.readAllLines(FUSE_CONF, StandardCharsets.ISO_8859_1)) {
                int hash = line.indexOf('#');
                String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (s.equals("user_allow_other")) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** The {@code -o} text for fusermount3: {@link dev.panamafuse.mount.KernelOptions#fusermountOptions(boolean)}. */
    static String optionsText(MountOptions o) {
        return o.kernel().fusermountOptions(o.autoUnmount());
    }

    private static List<String> environment() {
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            if (!e.getKey().equals("_FUSE_COMMFD")) {
                env.add(e.getKey() + "=" + e.getValue());
            }
        }
        env.add("_FUSE_COMMFD=" + CHILD_FD);
        return env;
    }

    private static MountException failure(Path mountpoint, String program, int status, String stderr) {
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
    private static String oneLine(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty()) {
                lines.add(l.replaceFirst("^\\S*fusermount3?: ", ""));
            }
        }
        return String.join("; ", lines);
    }

    private static boolean waitReadable(int fd, long timeoutMs) throws LibcException {
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
                    if (e.errno() != 4) { // EINTR: poll again
                        throw e;
                    }
                }
            }
        }
    }

    /** Reads what is in the pipe now and until its writers are gone, for at most 1 s. */
    private static String drain(int fd) {
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

    private static void killQuietly(int pid) {
        try {
            LibcSpawn.kill(pid, LibcSpawn.SIGKILL);
            LibcSpawn.waitpid(pid, 0);
        } catch (LibcException e) {
            if (e.errno() != ESRCH && e.errno() != ECHILD) {
                LOG.log(Level.WARNING, "killing fusermount3 (pid " + pid + "): " + e.getMessage());
            }
        }
    }

    private static void closeQuietly(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            Libc.close(fd);
        } catch (LibcException ignored) {
            // giving the descriptor up anyway
        }
    }
}
