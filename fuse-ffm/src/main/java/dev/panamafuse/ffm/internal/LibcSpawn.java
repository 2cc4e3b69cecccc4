package dev.panamafuse.ffm.internal;

import static dev.panamafuse.ffm.posix.LibcCall.CAPTURE_ERRNO;
import static dev.panamafuse.ffm.posix.LibcCall.downcall;
import static dev.panamafuse.ffm.posix.LibcCall.run;
import static dev.panamafuse.ffm.posix.LibcCall.unexpected;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.panamafuse.ffm.posix.LibcException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Objects;

/**
 * The process calls of unprivileged mounting: starting {@code fusermount3} with
 * {@code posix_spawn} (the only way to hand it a socket descriptor: {@code ProcessBuilder}
 * cannot), reaping it with {@code waitpid}, and {@code kill}. In the frame of {@link dev.panamafuse.ffm.posix.LibcCall}; the {@code posix_spawn}
 * family returns its error number instead of setting errno, which becomes the same
 * {@link LibcException}.
 */
public final class LibcSpawn {

    /** {@code WNOHANG}. */
    public static final int WNOHANG = 1;
    /** {@code SIGKILL}. */
    public static final int SIGKILL = 9;

    /** Bytes allocated for a {@code posix_spawn_file_actions_t} (80 on glibc x86_64; generous). */
    static final long FILE_ACTIONS_SIZE = 256;

    private static final MethodHandle WAITPID = downcall("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle KILL = downcall("kill",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle POSIX_SPAWN = downcall("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle FA_INIT = downcall("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DESTROY = downcall("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_ADDDUP2 = downcall("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FA_ADDCLOSE = downcall("posix_spawn_file_actions_addclose",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FA_ADDOPEN = downcall("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    private LibcSpawn() {
    }

    /** What to do with the child's descriptors before it runs, as posix_spawn file actions. */
    public sealed interface FileAction {
        /**
         * {@code dup2(fd, newfd)} in the child (which clears close-on-exec on {@code newfd}).
         *
         * @param fd    the parent's descriptor
         * @param newfd where the child sees it; must differ from {@code fd}
         */
        record Dup2(int fd, int newfd) implements FileAction {
            /** Checks the descriptors. */
            public Dup2 {
                if (fd < 0 || newfd < 0 || fd == newfd) {
                    throw new IllegalArgumentException("dup2(" + fd + ", " + newfd + "): descriptors must be"
                            + " different and not negative");
                }
            }
        }

        /**
         * {@code close(fd)} in the child.
         *
         * @param fd the descriptor
         */
        record Close(int fd) implements FileAction {
        }

        /**
         * {@code open(path, flags, mode)} onto {@code fd} in the child.
         *
         * @param fd    the descriptor
         * @param path  the file
         * @param flags {@code O_*} flags
         * @param mode  the mode bits
         */
        record Open(int fd, String path, int flags, int mode) implements FileAction {
        }
    }

    /**
     * {@code posix_spawn(&pid, path, file_actions, NULL, argv, envp)}.
     *
     * @param path    the program, an absolute path (no PATH search)
     * @param argv    the arguments, {@code argv[0]} first
     * @param envp    the environment, {@code NAME=value} strings
     * @param actions the file actions, applied in order
     * @return the child's pid
     * @throws LibcException if posix_spawn (or building its file actions) fails, e.g. ENOENT
     */
    public static int posixSpawn(String path, List<String> argv, List<String> envp, List<FileAction> actions)
            throws LibcException {
        Objects.requireNonNull(path, "path");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fa = arena.allocate(FILE_ACTIONS_SIZE, 16);
            spawnCall("posix_spawn_file_actions_init", "", () -> (int) FA_INIT.invokeExact(fa));
            try {
                for (FileAction a : actions) {
                    switch (a) {
                        case FileAction.Dup2 d -> spawnCall("posix_spawn_file_actions_adddup2",
                                d.fd() + ", " + d.newfd(), () -> (int) FA_ADDDUP2.invokeExact(fa, d.fd(), d.newfd()));
                        case FileAction.Close c -> spawnCall("posix_spawn_file_actions_addclose",
                                Integer.toString(c.fd()), () -> (int) FA_ADDCLOSE.invokeExact(fa, c.fd()));
                        case FileAction.Open o -> spawnCall("posix_spawn_file_actions_addopen",
                                o.fd() + ", " + Libc.quote(o.path()), () -> (int) FA_ADDOPEN.invokeExact(fa, o.fd(),
                                        cString(arena, o.path()), o.flags(), o.mode()));
                    }
                }
                MemorySegment pid = arena.allocate(JAVA_INT);
                spawnCall("posix_spawn", Libc.quote(path), () -> (int) POSIX_SPAWN.invokeExact(pid,
                        cString(arena, path), fa, MemorySegment.NULL, stringArray(arena, argv), stringArray(arena, envp)));
                return pid.get(JAVA_INT, 0);
            } finally {
                try {
                    int ignored = (int) FA_DESTROY.invokeExact(fa);
                } catch (Throwable t) {
                    throw unexpected(t);
                }
            }
        }
    }

    /**
     * {@code waitpid(pid, &status, options)}.
     *
     * @param pid     the child
     * @param options 0 or {@link #WNOHANG}
     * @return the raw wait status, or -1 when {@code WNOHANG} was given and the child still runs
     * @throws LibcException if the call fails (e.g. ECHILD)
     */
    public static int waitpid(int pid, int options) throws LibcException {
        int[] status = new int[1];
        int r = (int) run("waitpid", () -> Integer.toString(pid), (cs, a) -> {
            MemorySegment s = a.allocate(JAVA_INT);
            int n = (int) WAITPID.invokeExact(cs, pid, s, options);
            status[0] = s.get(JAVA_INT, 0);
            return n;
        });
        return r == 0 ? -1 : status[0];
    }

    /**
     * {@code WIFEXITED(status)}.
     *
     * @param status a wait status
     * @return whether the child exited normally
     */
    public static boolean exited(int status) {
        return (status & 0x7f) == 0;
    }

    /**
     * {@code WEXITSTATUS(status)}.
     *
     * @param status a wait status of a child that {@link #exited(int)}
     * @return its exit code
     */
    public static int exitStatus(int status) {
        return (status >> 8) & 0xff;
    }

    /**
     * {@code WTERMSIG(status)} (meaningful when not {@link #exited(int)}).
     *
     * @param status a wait status
     * @return the signal that ended the child
     */
    public static int termSignal(int status) {
        return status & 0x7f;
    }

    /**
     * {@code kill(pid, sig)}.
     *
     * @param pid the process
     * @param sig the signal
     * @throws LibcException if the call fails (e.g. ESRCH)
     */
    public static void kill(int pid, int sig) throws LibcException {
        run("kill", () -> pid + ", " + sig, (cs, a) -> (int) KILL.invokeExact(cs, pid, sig));
    }

    /** A call of the posix_spawn family, which returns the error number itself. */
    @FunctionalInterface
    private interface SpawnCall {
        int invoke() throws Throwable;
    }

    private static void spawnCall(String call, String argument, SpawnCall body) throws LibcException {
        int r;
        try {
            r = body.invoke();
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r != 0) {
            throw new LibcException(call, argument, r);
        }
    }

    private static MemorySegment cString(Arena arena, String s) {
        Libc.checkString(s, "string");
        return arena.allocateFrom(s);
    }

    /** A NULL-terminated {@code char *[]}. */
    private static MemorySegment stringArray(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ADDRESS, i, cString(arena, strings.get(i)));
        }
        array.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }
}
