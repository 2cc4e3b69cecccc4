package dev.panamafuse.testing;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Captures the WARNING and ERROR messages one {@link System.Logger} writes, and keeps them off the
 * console while open. Used where a test expects a warning, so the expected noise does not clutter
 * the build output and the warning itself can be asserted.
 *
 * <p>The JDK routes {@code System.Logger} to {@code java.util.logging} when that module is present,
 * as it is when the tests run. The core module does not read {@code java.logging} (its tests are
 * compiled inside it), so the logger is reached by reflection and the capture is a
 * {@code java.util.logging.Filter} proxy that records each message and drops it.
 */
public final class LogCapture implements AutoCloseable {
    private static final int WARNING = 900;

    private final Object logger;
    private final Object previousFilter;
    private final Method setFilter;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final List<String> traces = new CopyOnWriteArrayList<>();

    private LogCapture(Class<?> source) {
        try {
            Class<?> loggerClass = Class.forName("java.util.logging.Logger");
            Class<?> filterClass = Class.forName("java.util.logging.Filter");
            Class<?> recordClass = Class.forName("java.util.logging.LogRecord");
            Class<?> levelClass = Class.forName("java.util.logging.Level");
            Method getLevel = recordClass.getMethod("getLevel");
            Method getMessage = recordClass.getMethod("getMessage");
            Method getThrown = recordClass.getMethod("getThrown");
            Method intValue = levelClass.getMethod("intValue");
            logger = loggerClass.getMethod("getLogger", String.class).invoke(null, source.getName());
            previousFilter = loggerClass.getMethod("getFilter").invoke(logger);
            setFilter = loggerClass.getMethod("setFilter", filterClass);
            Object filter = Proxy.newProxyInstance(LogCapture.class.getClassLoader(), new Class<?>[] {filterClass},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "isLoggable" -> {
                                Object r = args[0];
                                if ((int) intValue.invoke(getLevel.invoke(r)) >= WARNING) {
                                    warnings.add(String.valueOf(getMessage.invoke(r)));
                                }
                                if (getThrown.invoke(r) != null) {
                                    traces.add(getMessage.invoke(r) + ": " + getThrown.invoke(r));
                                }
                                return false;
                            }
                            case "hashCode" -> {
                                return System.identityHashCode(proxy);
                            }
                            case "equals" -> {
                                return proxy == args[0];
                            }
                            default -> {
                                return "LogCapture filter";
                            }
                        }
                    });
            setFilter.invoke(logger, filter);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("java.util.logging is not available", e);
        }
    }

    /**
     * Starts capturing the logger named after {@code source}.
     *
     * @param source the class whose logger to capture
     * @return the capture; close it to restore the logger
     */
    public static LogCapture of(Class<?> source) {
        return new LogCapture(source);
    }

    /** Messages of WARNING level or above, captured so far. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Messages of any level logged with a stack trace, each with its exception. */
    public List<String> traces() {
        return List.copyOf(traces);
    }

    /** Whether a WARNING or worse message containing {@code text} was logged. */
    public boolean warned(String text) {
        return warnings.stream().anyMatch(m -> m.contains(text));
    }

    @Override
    public void close() {
        try {
            setFilter.invoke(logger, previousFilter);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
