package dev.panamafuse.mount;

import java.time.Duration;
import java.util.Objects;

/**
 * The one home of the mount options' error style and value syntax, shared by the {@code -o}
 * parser ({@link MountOptionParser}) and the checks of the option records, so an option's value
 * is refused with the same words whether it came as text or through a builder:
 * {@code mount option 'NAME=VALUE': WHY}, e.g.
 * {@code mount option 'max_read=4294967296': out of range, must be from 0 to 2147483647}.
 */
final class OptionText {
    /** The longest timeout or grace period, in seconds. */
    static final long MAX_SECONDS = 1_000_000_000L;

    private OptionText() {
    }

    /** {@code mount option 'NAME=VALUE': WHY}. */
    static IllegalArgumentException invalid(String name, String value, String why) {
        return new IllegalArgumentException("mount option '" + name + "=" + value + "': " + why);
    }

    /** {@code mount option 'NAME=VALUE': out of range, must be from RANGE}. */
    static IllegalArgumentException outOfRange(String name, String value, String range) {
        return invalid(name, value, "out of range, must be from " + range);
    }

    /** {@code unknown mount option 'OPTION'}. */
    static IllegalArgumentException unknown(String option) {
        return new IllegalArgumentException("unknown mount option '" + option + "'");
    }

    /** Checks that a yes/no option came without a value; returns {@code result}. */
    static boolean flag(String name, String value, boolean result) {
        if (value != null) {
            throw new IllegalArgumentException("mount option '" + name + "' takes no value, got '" + name + "="
                    + value + "'");
        }
        return result;
    }

    /** The value of an option that needs one, refusing none or an empty one. */
    static String value(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("mount option '" + name + "' needs a value: " + name + "=...");
        }
        return value;
    }

    /**
     * Checks a name the kernel shows ({@code fsname}, {@code subtype}): not empty, no comma (it
     * would split the kernel's option string), no whitespace or control character.
     */
    static String name(String option, String value) {
        Objects.requireNonNull(value, option);
        if (value.isEmpty() || value.chars().anyMatch(c -> c == ',' || Character.isWhitespace(c) || c < 32)) {
            throw invalid(option, value, "must be non-empty, without commas, spaces or control characters");
        }
        return value;
    }

    /** Checks a timeout: not null, from 0 to {@link #MAX_SECONDS} seconds. */
    static Duration seconds(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.compareTo(Duration.ofSeconds(MAX_SECONDS)) > 0) {
            throw outOfRange(name, seconds(d), "0 to " + MAX_SECONDS + " seconds");
        }
        return d;
    }

    /** Parses seconds, fractions allowed down to nanoseconds, from 0 to {@link #MAX_SECONDS}. */
    static Duration parseSeconds(String name, String value) {
        double seconds;
        try {
            seconds = Double.parseDouble(value(name, value));
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            throw invalid(name, value, "not a number of seconds");
        }
        if (seconds < 0 || seconds > MAX_SECONDS) {
            throw outOfRange(name, value, "0 to " + MAX_SECONDS + " seconds");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** A duration as {@link #parseSeconds} reads it: whole seconds, or seconds with a fraction. */
    static String seconds(Duration d) {
        return d.getNano() == 0 ? Long.toString(d.getSeconds()) : Double.toString(d.toNanos() / 1e9);
    }

    /** Escapes what {@link MountOptionParser#parse} unescapes: a backslash and a comma. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,");
    }
}
