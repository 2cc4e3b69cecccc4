package dev.panamafuse.examples.conformance;

import java.util.HashMap;
import java.util.Map;

/**
 * The Linux (x86-64 and arm64 generic) errno numbers the checks talk about, by name. Aliases
 * ({@code EWOULDBLOCK}, {@code ENOTSUP}) map to the number of their canonical name, and every
 * number prints as its canonical name, so {@code "EWOULDBLOCK"} and {@code "EAGAIN"} compare equal.
 */
final class Errnos {
    private static final Map<String, Integer> NUMBERS = new HashMap<>();
    private static final Map<Integer, String> NAMES = new HashMap<>();

    static {
        String[] canonical = {
            "EPERM:1", "ENOENT:2", "ESRCH:3", "EINTR:4", "EIO:5", "ENXIO:6", "E2BIG:7", "ENOEXEC:8",
            "EBADF:9", "ECHILD:10", "EAGAIN:11", "ENOMEM:12", "EACCES:13", "EFAULT:14", "EBUSY:16",
            "EEXIST:17", "EXDEV:18", "ENODEV:19", "ENOTDIR:20", "EISDIR:21", "EINVAL:22", "ENFILE:23",
            "EMFILE:24", "ENOTTY:25", "ETXTBSY:26", "EFBIG:27", "ENOSPC:28", "ESPIPE:29", "EROFS:30",
            "EMLINK:31", "EPIPE:32", "ERANGE:34", "EDEADLK:35", "ENAMETOOLONG:36", "ENOLCK:37",
            "ENOSYS:38", "ENOTEMPTY:39", "ELOOP:40", "ENODATA:61", "EOVERFLOW:75", "EOPNOTSUPP:95",
            "ESTALE:116", "EDQUOT:122",
        };
        for (String s : canonical) {
            String[] kv = s.split(":");
            int n = Integer.parseInt(kv[1]);
            NUMBERS.put(kv[0], n);
            NAMES.put(n, kv[0]);
        }
        NUMBERS.put("EWOULDBLOCK", 11);
        NUMBERS.put("ENOTSUP", 95);
        NUMBERS.put("EDEADLOCK", 35);
    }

    private Errnos() {
    }

    /** The canonical name of an errno number ({@code "E#<n>"} when unknown). */
    static String name(int errno) {
        return NAMES.getOrDefault(errno, "E#" + errno);
    }

    /** {@code "OK"} stays; an errno name becomes its canonical name. */
    static String canonical(String expected) {
        Integer n = NUMBERS.get(expected);
        return n == null ? expected : NAMES.get(n);
    }
}
