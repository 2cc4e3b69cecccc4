package dev.panamafuse.mount;

import java.time.Duration;
import java.util.Objects;

/**
 * Reads mount(8)-style option text into a {@link MountOptions.Builder}. Names follow libfuse and
 * mount(8); every unknown or malformed option is refused with a message naming it.
 */
final class MountOptionParser {
    /** The largest {@code max_inflight} ({@code max_threads}). */
    private static final int MAX_INFLIGHT = 4096;
    /** The largest {@code max_background} and {@code congestion_threshold} (the kernel's u16). */
    private static final int KERNEL_QUEUE = 65535;
    /** The longest timeout or grace period, in seconds. */
    private static final long MAX_SECONDS = 1_000_000_000L;

    private MountOptionParser() {
    }

    /** Applies a comma-separated list; {@code \,} and {@code \\} escape a comma and a backslash. */
    static void parse(MountOptions.Builder b, String options) {
        Objects.requireNonNull(options, "options");
        StringBuilder item = new StringBuilder();
        for (int i = 0; i <= options.length(); i++) {
            char c = i < options.length() ? options.charAt(i) : ',';
            if (c == '\\' && i + 1 < options.length()) {
                item.append(options.charAt(++i));
            } else if (c == ',') {
                if (!item.isEmpty()) {
                    option(b, item.toString());
                }
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
    }

    /** Applies one {@code name} or {@code name=value}. */
    static void option(MountOptions.Builder b, String option) {
        int eq = option.indexOf('=');
        String name = eq < 0 ? option : option.substring(0, eq);
        String value = eq < 0 ? null : option.substring(eq + 1);
        switch (name) {
            case "ro" -> b.readOnly(flag(name, value, true));
            case "rw" -> b.readOnly(flag(name, value, false));
            case "allow_other" -> b.allowOther(flag(name, value, true));
            case "allow_root" -> b.allowRoot(flag(name, value, true));
            case "max_threads" -> b.maxInFlight(number(name, value, 1, MAX_INFLIGHT));
            case "clone_fd" -> b.readers(flag(name, value, true)
                    ? Math.max(2, Runtime.getRuntime().availableProcessors()) : 1);
            case "default_permissions" -> b.defaultPermissions(flag(name, value, true));
            case "suid", "nosuid" -> b.nosuid(flag(name, value, name.equals("nosuid")));
            case "dev", "nodev" -> b.nodev(flag(name, value, name.equals("nodev")));
            case "exec", "noexec" -> b.noexec(flag(name, value, name.equals("noexec")));
            case "atime", "noatime" -> b.noatime(flag(name, value, name.equals("noatime")));
            case "sync", "async" -> b.sync(flag(name, value, name.equals("sync")));
            case "dirsync" -> b.dirsync(flag(name, value, true));
            case "debug" -> b.debug(flag(name, value, true));
            case "fsname" -> b.fsName(text(name, value));
            case "subtype" -> b.subtype(text(name, value));
            case "max_read" -> b.maxRead(number(name, value, 0, Integer.MAX_VALUE));
            case "blksize" -> b.blksize(number(name, value, 0, 65536));
            case "max_write" -> b.maxWrite(number(name, value, 4096, 16 << 20));
            case "max_readahead" -> b.maxReadahead(number(name, value, 0, Integer.MAX_VALUE));
            case "max_background" -> b.maxBackground(number(name, value, 0, KERNEL_QUEUE));
            case "congestion_threshold" -> b.congestionThreshold(number(name, value, 0, KERNEL_QUEUE));
            case "entry_timeout" -> b.entryTimeout(duration(name, value));
            case "attr_timeout" -> b.attrTimeout(duration(name, value));
            case "negative_timeout" -> b.negativeTimeout(duration(name, value));
            case "readers" -> b.readers(number(name, value, 1, 64));
            case "max_inflight" -> b.maxInFlight(number(name, value, 1, MAX_INFLIGHT));
            case "dispatch" -> b.dispatch(dispatch(value));
            case "unmount_grace" -> b.unmountGrace(duration(name, value));
            case "direct_io" -> b.directIo(flag(name, value, true));
            case "kernel_cache" -> b.kernelCache(flag(name, value, true));
            case "auto_unmount" -> b.autoUnmount(flag(name, value, true));
            case "mount_method" -> b.mountMethod(mountMethod(value));
            case "sync_read" -> b.disable(flagged(name, value, Capability.ASYNC_READ));
            case "readdirplus" -> readdirplus(b, value);
            case "no_remote_lock" -> b.disable(flagged(name, value, Capability.POSIX_LOCKS))
                    .disable(Capability.FLOCK_LOCKS);
            case "no_remote_posix_lock" -> b.disable(flagged(name, value, Capability.POSIX_LOCKS));
            case "no_remote_flock" -> b.disable(flagged(name, value, Capability.FLOCK_LOCKS));
            default -> capability(b, option, name, value);
        }
    }

    private static void capability(MountOptions.Builder b, String option, String name, String value) {
        for (Capability c : Capability.values()) {
            if (name.equals(c.optionName())) {
                b.enable(flagged(name, value, c));
                return;
            }
            if (name.equals("no_" + c.optionName())) {
                b.disable(flagged(name, value, c));
                return;
            }
        }
        throw new IllegalArgumentException("unknown mount option '" + option + "'");
    }

    private static void readdirplus(MountOptions.Builder b, String value) {
        switch (text("readdirplus", value)) {
            case "yes" -> b.enable(Capability.READDIRPLUS).disable(Capability.READDIRPLUS_AUTO);
            case "no" -> b.disable(Capability.READDIRPLUS).disable(Capability.READDIRPLUS_AUTO);
            case "auto" -> b.enable(Capability.READDIRPLUS).enable(Capability.READDIRPLUS_AUTO);
            default -> throw new IllegalArgumentException("mount option 'readdirplus=" + value
                    + "': must be yes, no or auto");
        }
    }

    private static MountMethod mountMethod(String value) {
        for (MountMethod m : MountMethod.values()) {
            if (m.optionValue().equals(text("mount_method", value))) {
                return m;
            }
        }
        throw new IllegalArgumentException("mount option 'mount_method=" + value
                + "': must be auto, direct or fusermount");
    }

    private static ThreadingPolicy dispatch(String value) {
        String v = text("dispatch", value);
        for (ThreadingPolicy d : ThreadingPolicy.values()) {
            if (d.optionValue().equals(v)) {
                return d;
            }
        }
        throw new IllegalArgumentException("mount option 'dispatch=" + value + "': must be inline, hybrid or virtual");
    }

    private static Capability flagged(String name, String value, Capability c) {
        flag(name, value, true);
        return c;
    }

    private static boolean flag(String name, String value, boolean result) {
        if (value != null) {
            throw new IllegalArgumentException("mount option '" + name + "' takes no value, got '" + name + "="
                    + value + "'");
        }
        return result;
    }

    private static String text(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("mount option '" + name + "' needs a value: " + name + "=...");
        }
        return value;
    }

    /**
     * A whole number from {@code min} to {@code max}: digits that do not fit are out of range, with
     * the range; anything else is not a whole number. (The builder's own checks, such as a power
     * of two for {@code blksize}, still apply.)
     */
    private static int number(String name, String value, int min, int max) {
        String v = text(name, value);
        if (!v.matches("[+-]?[0-9]+")) {
            throw new IllegalArgumentException("mount option '" + name + "=" + value + "': not a whole number");
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            n = v.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE; // more digits than a long holds
        }
        if (n < min || n > max) {
            throw outOfRange(name, value, min + " to " + max);
        }
        return (int) n;
    }

    /** Seconds from 0 to {@link #MAX_SECONDS}, fractions allowed. */
    private static Duration duration(String name, String value) {
        double seconds;
        try {
            seconds = Double.parseDouble(text(name, value));
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("mount option '" + name + "=" + value + "': not a number of seconds");
        }
        if (seconds < 0 || seconds > MAX_SECONDS) {
            throw outOfRange(name, value, "0 to " + MAX_SECONDS + " seconds");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private static IllegalArgumentException outOfRange(String name, String value, String range) {
        return new IllegalArgumentException("mount option '" + name + "=" + value + "': out of range, must be from "
                + range);
    }
}
