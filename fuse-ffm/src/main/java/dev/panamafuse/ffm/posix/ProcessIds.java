package dev.panamafuse.ffm.posix;

import static dev.panamafuse.ffm.posix.LibcCall.downcall;
import static dev.panamafuse.ffm.posix.LibcCall.unexpected;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/**
 * The ids of this process: {@code getuid}, {@code geteuid}, {@code getgid}, {@code getegid} and
 * {@code getpid}. These calls cannot fail. Ids are unsigned in C: pass them through
 * {@code Integer.toUnsignedLong} to show them. A passthrough filesystem asks for its effective
 * uid to know whether it may change owners ({@code chown} needs {@code CAP_CHOWN}).
 */
public final class ProcessIds {

    private static final MethodHandle GETUID = downcall("getuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETEUID = downcall("geteuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETGID = downcall("getgid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETEGID = downcall("getegid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETPID = downcall("getpid", FunctionDescriptor.of(JAVA_INT));

    private ProcessIds() {
    }

    /**
     * {@code getuid()}.
     *
     * @return the real user id
     */
    public static int getuid() {
        return id(GETUID);
    }

    /**
     * {@code geteuid()}.
     *
     * @return the effective user id (0 for root)
     */
    public static int geteuid() {
        return id(GETEUID);
    }

    /**
     * {@code getgid()}.
     *
     * @return the real group id
     */
    public static int getgid() {
        return id(GETGID);
    }

    /**
     * {@code getegid()}.
     *
     * @return the effective group id
     */
    public static int getegid() {
        return id(GETEGID);
    }

    /**
     * {@code getpid()}.
     *
     * @return the process id
     */
    public static int getpid() {
        return id(GETPID);
    }

    private static int id(MethodHandle call) {
        try {
            return (int) call.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }
}
