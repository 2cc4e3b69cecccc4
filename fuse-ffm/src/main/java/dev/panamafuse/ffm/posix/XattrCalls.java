package dev.panamafuse.ffm.posix;

import static dev.panamafuse.ffm.posix.LibcCall.CAPTURE_ERRNO;
import static dev.panamafuse.ffm.posix.LibcCall.cString;
import static dev.panamafuse.ffm.posix.LibcCall.checkNative;
import static dev.panamafuse.ffm.posix.LibcCall.downcall;
import static dev.panamafuse.ffm.posix.LibcCall.quote;
import static dev.panamafuse.ffm.posix.LibcCall.run;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.panamafuse.FileNames;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Extended attributes by path: {@code getxattr}, {@code setxattr}, {@code listxattr},
 * {@code removexattr}, each also in its {@code l*} form (which does not follow a final symbolic
 * link), chosen by a {@code follow} argument. Names and paths are encoded with
 * {@link FileNames#encode}; a failure is a {@link LibcException} naming the call, the path and
 * the attribute, e.g. {@code getxattr("/proc/self/fd/7", "user.x") failed: ENODATA (No data
 * available)}. Values are copied out into Java arrays (grown until they fit);
 * {@link #setxattr} sends the caller's native segment in place.
 *
 * <p>A passthrough filesystem holding {@code O_PATH} descriptors (which the {@code f*xattr}
 * calls refuse with {@code EBADF}) names a file by {@code /proc/self/fd/N} with
 * {@code follow = true}: the kernel resolves that magic link to the file the descriptor names,
 * and does not follow it further when that file is itself a symbolic link, so the attributes
 * are those of the link itself. (The {@code l*} forms would act on the magic link instead and
 * fail with {@code EOPNOTSUPP}.)
 */
public final class XattrCalls {

    /** {@code XATTR_CREATE}: fail with {@code EEXIST} if the attribute exists. */
    public static final int XATTR_CREATE = 1;
    /** {@code XATTR_REPLACE}: fail with {@code ENODATA} if it does not. */
    public static final int XATTR_REPLACE = 2;

    private static final int ERANGE = 34;
    private static final int FIRST_TRY = 256;

    private static final MethodHandle[] GET = handles("getxattr",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle[] SET = handles("setxattr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle[] LIST = handles("listxattr",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle[] REMOVE = handles("removexattr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    private XattrCalls() {
    }

    /** The plain form at index 1 (follow), the {@code l*} form at index 0. */
    private static MethodHandle[] handles(String name, FunctionDescriptor d) {
        return new MethodHandle[] {downcall("l" + name, d, CAPTURE_ERRNO), downcall(name, d, CAPTURE_ERRNO)};
    }

    private static MethodHandle pick(MethodHandle[] pair, boolean follow) {
        return pair[follow ? 1 : 0];
    }

    private static String call(String name, boolean follow) {
        return follow ? name : "l" + name;
    }

    /**
     * The value of an attribute ({@code getxattr} / {@code lgetxattr}), grown until it fits.
     *
     * @param path   the file
     * @param name   the attribute's full name, e.g. "user.comment"
     * @param follow whether a final symbolic link is followed
     * @return the value
     * @throws LibcException if the call fails ({@code ENODATA}: no such attribute)
     */
    public static byte[] getxattr(String path, String name, boolean follow) throws LibcException {
        MethodHandle mh = pick(GET, follow);
        for (int size = FIRST_TRY; ; size *= 4) {
            int cap = size;
            byte[][] out = new byte[1][];
            try {
                run(call("getxattr", follow), () -> quote(path) + ", " + quote(name), (cs, a) -> {
                    MemorySegment buf = a.allocate(cap);
                    long n = (long) mh.invokeExact(cs, cString(a, path), cString(a, name), buf, (long) cap);
                    if (n >= 0) {
                        out[0] = buf.asSlice(0, n).toArray(JAVA_BYTE);
                    }
                    return n;
                });
                return out[0];
            } catch (LibcException e) {
                if (e.errno() != ERANGE || size > (1 << 20)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Sets an attribute ({@code setxattr} / {@code lsetxattr}).
     *
     * @param path   the file
     * @param name   the attribute's full name
     * @param value  the value, a native segment used in place
     * @param flags  {@link #XATTR_CREATE}, {@link #XATTR_REPLACE} or 0
     * @param follow whether a final symbolic link is followed
     * @throws LibcException if the call fails
     */
    public static void setxattr(String path, String name, MemorySegment value, int flags, boolean follow)
            throws LibcException {
        checkNative(value, false, "value");
        MethodHandle mh = pick(SET, follow);
        run(call("setxattr", follow), () -> quote(path) + ", " + quote(name), (cs, a) -> (int) mh.invokeExact(
                cs, cString(a, path), cString(a, name), value, value.byteSize(), flags));
    }

    /**
     * The names of a file's attributes ({@code listxattr} / {@code llistxattr}).
     *
     * @param path   the file
     * @param follow whether a final symbolic link is followed
     * @return the full names
     * @throws LibcException if the call fails
     */
    public static List<String> listxattr(String path, boolean follow) throws LibcException {
        MethodHandle mh = pick(LIST, follow);
        for (int size = FIRST_TRY * 4; ; size *= 4) {
            int cap = size;
            byte[][] out = new byte[1][];
            try {
                run(call("listxattr", follow), () -> quote(path), (cs, a) -> {
                    MemorySegment buf = a.allocate(cap);
                    long n = (long) mh.invokeExact(cs, cString(a, path), buf, (long) cap);
                    if (n >= 0) {
                        out[0] = buf.asSlice(0, n).toArray(JAVA_BYTE);
                    }
                    return n;
                });
                return split(out[0]);
            } catch (LibcException e) {
                if (e.errno() != ERANGE || size > (1 << 22)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Removes an attribute ({@code removexattr} / {@code lremovexattr}).
     *
     * @param path   the file
     * @param name   the attribute's full name
     * @param follow whether a final symbolic link is followed
     * @throws LibcException if the call fails ({@code ENODATA}: no such attribute)
     */
    public static void removexattr(String path, String name, boolean follow) throws LibcException {
        MethodHandle mh = pick(REMOVE, follow);
        run(call("removexattr", follow), () -> quote(path) + ", " + quote(name),
                (cs, a) -> (int) mh.invokeExact(cs, cString(a, path), cString(a, name)));
    }

    /** Splits a list of NUL-terminated names. */
    static List<String> split(byte[] list) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < list.length; i++) {
            if (list[i] == 0) {
                if (i > start) {
                    names.add(FileNames.decode(Arrays.copyOfRange(list, start, i)));
                }
                start = i + 1;
            }
        }
        return names;
    }
}
