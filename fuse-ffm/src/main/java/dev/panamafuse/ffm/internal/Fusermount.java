package dev.panamafuse.ffm.internal;

import dev.panamafuse.ffm.posix.LibcException;
import dev.panamafuse.ffm.posix.OpenFlags;
import dev.panamafuse.ffm.posix.ProcessIds;
import dev.panamafuse.mount.MountException.Reason;
import dev.panamafuse.mount.MountException;
import dev.panamafuse.mount.MountOptions;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
     * @param watcherPid the pid of our own auto_unmount watcher (see {@link FusermountChild#startWatcher}), or -1
     * @param watcherFd  the write end of the watcher's stdin pipe, or -1
     */
    public record Mounted(int fd, int helperPid, int socket, String program, int watcherPid, int watcherFd) {
    }

    /**
     * Mounts through fusermount3.
     *
     * @param mountpoint an existing directory, absolute
     * @param options    the options
     * @return the descriptor and what to keep for {@code auto_unmount}
     * @throws MountException FUSERMOUNT_MISSING, ALLOW_OTHER_REFUSED, or what fusermount3 said
     */
    public static Mounted mount(Path mountpoint, MountOptions options) throws MountException {
        String program = FusermountChild.program();
        if (options.kernel().kernelAllowsOther() && ProcessIds.geteuid() != 0 && !userAllowOther()) {
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
            sock = LibcSocket.socketpair(LibcSocket.AF_UNIX, LibcSocket.SOCK_STREAM | LibcSocket.SOCK_CLOEXEC);
            err = Libc.pipe2(OpenFlags.O_CLOEXEC);
            List<LibcSpawn.FileAction> actions = new ArrayList<>();
            actions.add(new LibcSpawn.FileAction.Open(0, "/dev/null", OpenFlags.O_RDONLY, 0));
            if (sock[1] == CHILD_FD) {
                // dup2 onto itself would keep close-on-exec: move it first
                int moved = Libc.dupCloseOnExec(sock[1]);
                FusermountChild.closeQuietly(sock[1]);
                sock[1] = moved;
            }
            actions.add(new LibcSpawn.FileAction.Dup2(err[1], 1));
            actions.add(new LibcSpawn.FileAction.Dup2(err[1], 2));
            actions.add(new LibcSpawn.FileAction.Dup2(sock[1], CHILD_FD));
            List<String> argv = List.of(program, "-o", opts, "--", mountpoint.toString());
            pid = spawn(program, argv, actions);
            FusermountChild.closeQuietly(sock[1]);
            sock[1] = -1;
            FusermountChild.closeQuietly(err[1]);
            err[1] = -1;

            if (FusermountChild.waitReadable(sock[0], MOUNT_TIMEOUT_MS)) {
                fd = LibcSocket.receiveFd(sock[0]);
            }
            if (fd < 0) {
                int status = FusermountChild.reap(pid, EXIT_TIMEOUT_MS);
                pid = -1;
                throw FusermountChild.failure(mountpoint, program, status, FusermountChild.drain(err[0]));
            }
            if (!options.autoUnmount()) {
                int status = FusermountChild.reap(pid, EXIT_TIMEOUT_MS);
                pid = -1;
                if (!LibcSpawn.exited(status) || LibcSpawn.exitStatus(status) != 0) {
                    throw FusermountChild.failure(mountpoint, program, status, FusermountChild.drain(err[0]));
                }
                String warnings = FusermountChild.drain(err[0]);
                if (!warnings.isBlank()) {
                    LOG.log(Level.WARNING, program + ": " + warnings.strip());
                }
                ok = true;
                return new Mounted(fd, -1, -1, program, -1, -1);
            }
            int[] watcher = ProcessIds.geteuid() == 0 ? new int[] {-1, -1} : FusermountChild.startWatcher(program, mountpoint);
            ok = true;
            Mounted m = new Mounted(fd, pid, sock[0], program, watcher[0], watcher[1]);
            sock[0] = -1;
            pid = -1;
            return m;
        } catch (LibcException e) {
            throw new MountException(Reason.OTHER, "mounting " + mountpoint + " through " + program + " failed: "
                    + e.getMessage(), e);
        } finally {
            if (!ok && fd >= 0) {
                FusermountChild.closeQuietly(fd);
            }
            if (pid > 0) {
                FusermountChild.killQuietly(pid);
            }
            if (sock != null) {
                FusermountChild.closeQuietly(sock[0]);
                FusermountChild.closeQuietly(sock[1]);
            }
            if (err != null) {
                FusermountChild.closeQuietly(err[0]);
                FusermountChild.closeQuietly(err[1]);
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
        String[] r = FusermountChild.run(program, "-u", "--", mountpoint.toString());
        if (r == null) {
            return true;
        }
        if (r[0].contains("not found in") || r[0].contains("not mounted") || r[0].contains("Invalid argument")) {
            return false;
        }
        if (!r[0].contains("busy")) {
            throw new IOException(program + " -u " + mountpoint + " failed: " + r[0]);
        }
        String[] lazy = FusermountChild.run(program, "-u", "-z", "--", mountpoint.toString());
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
        String program = FusermountChild.program();
        String[] r;
        try {
            // no -q: its message is the reason shown when it fails
            r = lazy ? FusermountChild.run(program, "-u", "-z", "--", mountpoint.toString())
                    : FusermountChild.run(program, "-u", "--", mountpoint.toString());
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

    /**
     * Ends an {@code auto_unmount} helper: closes our end of its socket (it then unmounts, if
     * still mounted, and exits) and reaps it, killing it if it lingers.
     *
     * @param mounted the mount
     */
    public static void release(Mounted mounted) {
        if (mounted.watcherPid() > 0) {
            FusermountChild.killQuietly(mounted.watcherPid());
        }
        if (mounted.watcherFd() >= 0) {
            FusermountChild.closeQuietly(mounted.watcherFd());
        }
        if (mounted.socket() >= 0) {
            FusermountChild.closeQuietly(mounted.socket());
        }
        if (mounted.helperPid() > 0) {
            try {
                FusermountChild.reap(mounted.helperPid(), EXIT_TIMEOUT_MS);
            } catch (LibcException e) {
                if (e.errno() != ECHILD) {
                    LOG.log(Level.WARNING, "reaping " + mounted.program() + ": " + e.getMessage());
                }
            }
        }
    }

    /** Starts fusermount3; a program that is not there, or not executable, is {@link #missing}. */
    private static int spawn(String program, List<String> argv, List<LibcSpawn.FileAction> actions)
            throws LibcException, MountException {
        try {
            return LibcSpawn.posixSpawn(program, argv, environment(), actions);
        } catch (LibcException e) {
            if (e.errno() == ENOENT || e.errno() == EACCES) {
                throw missing(program, e);
            }
            throw e;
        }
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
}
