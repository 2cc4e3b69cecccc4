package dev.panamafuse.session;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs the failures of a session without flooding the log: the first failure of each kind (an
 * exception class thrown from one place, or a named kind such as a malformed frame) is logged
 * with its stack trace, later ones of that kind within {@link #INTERVAL_NANOS} are only counted,
 * and the next one logged after the interval says how many were left out. A hostile or buggy
 * client sending a million bad frames therefore costs a few log lines, not a million traces.
 *
 * <p>Thread-safe; costs nothing until something fails.
 */
final class ErrorLog {
    /** One minute: how long the repeats of one kind stay quiet. */
    static final long INTERVAL_NANOS = 60_000_000_000L;
    /** Kinds remembered at most; beyond, new kinds are logged without a trace. */
    private static final int MAX_KINDS = 1024;

    private final System.Logger log;
    private final ConcurrentHashMap<String, Kind> kinds = new ConcurrentHashMap<>();

    private static final class Kind {
        final AtomicLong lastLogged = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
    }

    ErrorLog(System.Logger log) {
        this.log = log;
    }

    /**
     * Logs a handler's exception: {@code message} always; the stack trace only for the first of
     * its kind in the interval.
     *
     * @param message what failed (opcode, unique, node id)
     * @param t       the exception
     */
    void failure(String message, Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        String where = trace.length > 0 ? trace[0].toString() : "";
        report(t.getClass().getName() + '@' + where, message + ": " + t, t);
    }

    /**
     * Logs a problem without an exception, such as a malformed frame, at most once per kind and
     * interval (with the count of those left out).
     *
     * @param kind    what went wrong, the key of the rate limit
     * @param message the line to log
     */
    void problem(String kind, String message) {
        report(kind, message, null);
    }

    private void report(String key, String message, Throwable t) {
        Kind k = kinds.get(key);
        if (k == null) {
            if (kinds.size() >= MAX_KINDS) {
                log.log(Level.WARNING, message);
                return;
            }
            k = kinds.computeIfAbsent(key, x -> new Kind());
        }
        long now = System.nanoTime();
        long last = k.lastLogged.get();
        if (last != 0 && now - last < INTERVAL_NANOS || !k.lastLogged.compareAndSet(last, now == 0 ? 1 : now)) {
            k.suppressed.incrementAndGet();
            return;
        }
        long left = k.suppressed.getAndSet(0);
        String line = left == 0 ? message : message + " (" + left + " more like it in the last "
                + (last == 0 ? "interval" : (now - last) / 1_000_000_000L + " s") + " not logged)";
        if (t == null) {
            log.log(Level.WARNING, line);
        } else {
            log.log(Level.WARNING, line, t);
        }
    }
}
