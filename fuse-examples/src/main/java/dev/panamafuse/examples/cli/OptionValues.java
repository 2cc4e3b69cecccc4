package dev.panamafuse.examples.cli;

import java.util.Locale;

/**
 * Parses the option values of the CLI that are numbers with a unit or a base: byte sizes
 * ({@code --size}, {@code --zero-file}, {@code --cache}) and octal permission modes
 * ({@code --mode}), naming the option in every error.
 */
final class OptionValues {
    private OptionValues() {
    }

    /** "4096", "64K", "1G", "2T" (binary units) to bytes. */
    static long byteSize(String option, String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = 0;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                case 'T' -> shift = 40;
                default -> shift = 0;
            }
        }
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        try {
            long n = Long.parseLong(digits);
            if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + text + "': not a positive size such as 4096, 512M or 2G");
        }
    }

    /** An octal permission mode such as 0755 or 1777. */
    static int octalMode(String option, String text) {
        try {
            int m = Integer.parseInt(text, 8);
            if (m < 0 || m > 07777) {
                throw new NumberFormatException();
            }
            return m;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + text + "': not an octal mode from 0 to 7777");
        }
    }
}
