package dev.panamafuse.mount;

/**
 * A whole-number mount option and its range, declared once by the record that holds the value:
 * the record's constructor checks with {@link #check(int)}, the {@code -o} parser reads text with
 * {@link #parse(String, String)}, and both refuse in {@link OptionText}'s words.
 *
 * @param name the option's name in {@code -o} text, e.g. {@code max_write}
 * @param min  the smallest value allowed
 * @param max  the largest value allowed
 */
record IntOption(String name, int min, int max) {

    /** Checks a value set through a builder. */
    int check(int value) {
        if (value < min || value > max) {
            throw OptionText.outOfRange(name, Integer.toString(value), min + " to " + max);
        }
        return value;
    }

    /**
     * Reads {@code value} given as {@code as=value} ({@code as} is this option's name or another
     * name for it, e.g. libfuse's {@code max_threads} for {@code max_inflight}): optional sign and
     * decimal digits; digits beyond the range (however many) are out of range, anything else is
     * not a whole number.
     */
    int parse(String as, String value) {
        String v = OptionText.value(as, value);
        if (!v.matches("[+-]?[0-9]+")) {
            throw OptionText.invalid(as, value, "not a whole number");
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            n = v.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE; // more digits than a long holds
        }
        if (n < min || n > max) {
            throw OptionText.outOfRange(as, value, min + " to " + max);
        }
        return (int) n;
    }
}
