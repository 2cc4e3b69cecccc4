package dev.panamafuse.nio;

import java.lang.System.Logger.Level;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Names between the mount (strings, UTF-8 on the wire) and a provider's {@link Path}s. The
 * default provider encodes and decodes names with the JVM's {@code sun.jnu.encoding}, which the
 * locale sets: under a locale that is not UTF-8, names that are not ASCII do not survive the trip.
 * Such a name is left out of listings (it could not be opened by the name listed), and the JVM's
 * encoding is warned about once per filesystem built.
 */
final class NioNames {
    private static final System.Logger LOG = System.getLogger(NioPathFs.class.getName());

    private NioNames() {
    }

    /** Logs a warning when the default provider's names are not UTF-8. */
    static void checkEncoding() {
        checkEncoding(LOG, System.getProperty("sun.jnu.encoding"));
    }

    /** Logs one warning to {@code log} when {@code encoding} (of file names) is not UTF-8. */
    static void checkEncoding(System.Logger log, String encoding) {
        String warning = encodingWarning(encoding);
        if (warning != null) {
            log.log(Level.WARNING, warning);
        }
    }

    private static String encodingWarning(String encoding) {
        try {
            if (encoding != null && Charset.isSupported(encoding)
                    && Charset.forName(encoding).equals(StandardCharsets.UTF_8)) {
                return null;
            }
        } catch (IllegalCharsetNameException e) {
            // not UTF-8
        }
        return "The JVM encodes file names as " + encoding + " (system property sun.jnu.encoding), not UTF-8: "
                + "names that are not ASCII are mangled or left out of listings. Run it with a UTF-8 locale "
                + "(LANG=C.UTF-8).";
    }

    /**
     * The name {@code child} of {@code dir} is listed under, or null when that name would not
     * lead back to it.
     *
     * @param exact compare the paths (the default provider's paths hold the bytes the kernel has);
     *              else compare the names as strings
     */
    static String listed(Path dir, Path child, boolean exact) {
        String name = child.getFileName().toString();
        if (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1); // the zip filesystem's directories
        }
        try {
            Path again = dir.resolve(name);
            boolean same = exact ? again.equals(child) : again.getFileName().toString().equals(name);
            return same ? name : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
