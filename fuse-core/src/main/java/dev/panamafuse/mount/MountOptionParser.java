package dev.panamafuse.mount;

import java.util.Objects;

/**
 * Reads mount(8)-style option text into a {@link MountOptions.Builder}: the one place where
 * {@code -o} text is parsed. Names follow libfuse and mount(8); every unknown or malformed option
 * is refused in {@link OptionText}'s words, naming it. Ranges come from the records that hold the
 * values ({@link IntOption}), so text and builder are checked alike.
 */
final class MountOptionParser {

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
            case "fsname" -> b.fsName(OptionText.value(name, value));
            case "subtype" -> b.subtype(OptionText.value(name, value));
            case "max_read" -> b.maxRead(KernelOptions.MAX_READ.parse(name, value));
            case "blksize" -> b.blksize(KernelOptions.BLKSIZE.parse(name, value));
            case "max_write" -> b.maxWrite(InitOptions.MAX_WRITE.parse(name, value));
            case "max_readahead" -> b.maxReadahead(InitOptions.MAX_READAHEAD.parse(name, value));
            case "max_background" -> b.maxBackground(InitOptions.MAX_BACKGROUND.parse(name, value));
            case "congestion_threshold" -> b.congestionThreshold(InitOptions.CONGESTION_THRESHOLD.parse(name, value));
            case "entry_timeout" -> b.entryTimeout(OptionText.parseSeconds(name, value));
            case "attr_timeout" -> b.attrTimeout(OptionText.parseSeconds(name, value));
            case "negative_timeout" -> b.negativeTimeout(OptionText.parseSeconds(name, value));
            case "direct_io" -> b.directIo(OptionText.flag(name, value, true));
            case "kernel_cache" -> b.kernelCache(OptionText.flag(name, value, true));
            case "readers" -> b.readers(ThreadingOptions.READERS.parse(name, value));
            case "clone_fd" -> b.readers(OptionText.flag(name, value, true) ? ThreadingOptions.cloneFdReaders() : 1);
            case "max_inflight", "max_threads" -> b.maxInFlight(ThreadingOptions.MAX_IN_FLIGHT.parse(name, value));
            case "threading", "dispatch" -> b.threading(policy(name, value));
            case "unmount_grace" -> b.unmountGrace(OptionText.parseSeconds(name, value));
            case "debug" -> b.debug(OptionText.flag(name, value, true));
            case "auto_unmount" -> b.autoUnmount(OptionText.flag(name, value, true));
            case "mount_method" -> b.mountMethod(mountMethod(value));
            case "sync_read" -> b.disable(flagged(name, value, Capability.ASYNC_READ));
            case "readdirplus" -> readdirplus(b, value);
            case "no_remote_lock" -> b.disable(flagged(name, value, Capability.POSIX_LOCKS))
                    .disable(Capability.FLOCK_LOCKS);
            case "no_remote_posix_lock" -> b.disable(flagged(name, value, Capability.POSIX_LOCKS));
            case "no_remote_flock" -> b.disable(flagged(name, value, Capability.FLOCK_LOCKS));
            default -> {
                if (!mountFlag(b, name, value) && !capability(b, name, value)) {
                    throw OptionText.unknown(option);
                }
            }
        }
    }

    /** A {@link MountFlag} by its name or its opposite's; false if {@code name} is neither. */
    private static boolean mountFlag(MountOptions.Builder b, String name, String value) {
        for (MountFlag f : MountFlag.values()) {
            if (name.equals(f.optionName()) || name.equals(f.oppositeName())) {
                b.flag(f, OptionText.flag(name, value, name.equals(f.optionName())));
                return true;
            }
        }
        return false;
    }

    /** A {@link Capability} by its name, or {@code no_} and its name; false if {@code name} is neither. */
    private static boolean capability(MountOptions.Builder b, String name, String value) {
        for (Capability c : Capability.values()) {
            if (name.equals(c.optionName()) || name.equals("no_" + c.optionName())) {
                if (OptionText.flag(name, value, name.equals(c.optionName()))) {
                    b.enable(c);
                } else {
                    b.disable(c);
                }
                return true;
            }
        }
        return false;
    }

    private static void readdirplus(MountOptions.Builder b, String value) {
        switch (OptionText.value("readdirplus", value)) {
            case "yes" -> b.enable(Capability.READDIRPLUS).disable(Capability.READDIRPLUS_AUTO);
            case "no" -> b.disable(Capability.READDIRPLUS).disable(Capability.READDIRPLUS_AUTO);
            case "auto" -> b.enable(Capability.READDIRPLUS).enable(Capability.READDIRPLUS_AUTO);
            default -> throw OptionText.invalid("readdirplus", value, "must be yes, no or auto");
        }
    }

    private static MountMethod mountMethod(String value) {
        String v = OptionText.value("mount_method", value);
        for (MountMethod m : MountMethod.values()) {
            if (m.optionValue().equals(v)) {
                return m;
            }
        }
        throw OptionText.invalid("mount_method", value, "must be auto, direct or fusermount");
    }

    private static ThreadingPolicy policy(String name, String value) {
        String v = OptionText.value(name, value);
        for (ThreadingPolicy p : ThreadingPolicy.values()) {
            if (p.optionValue().equals(v)) {
                return p;
            }
        }
        throw OptionText.invalid(name, value, "must be inline, hybrid or virtual");
    }

    private static Capability flagged(String name, String value, Capability c) {
        OptionText.flag(name, value, true);
        return c;
    }
}
