package io.cairn.core.model;

import java.time.Duration;

/**
 * The one duration grammar of the native API and the settings: {@code <digits><unit>}, the
 * unit one of {@code ms s m h d} ({@code 500ms}, {@code 10s}, {@code 5m}). Nothing else: no
 * sign, no blanks, no fraction or exponent, no leading zero, so that what a client wrote is
 * exactly what the server understood ({@code "1.0000001s"} is not quietly one second). The
 * Consul-compatible API reads Go's syntax instead, as Consul does.
 */
public final class Durations {

    /** The grammar in words, for error messages and docs. */
    public static final String RULE = "must be a duration: digits and a unit ms, s, m, h or d, such as 500ms, 10s or 5m";
    /** More digits than this overflow any unit's millisecond count, so they are refused as such. */
    private static final int MAX_DIGITS = 15;

    private Durations() {
    }

    /**
     * Parses {@code text}, or throws {@link InvalidFieldException} naming {@code field}, the
     * grammar and (printably) what was given.
     */
    public static Duration parse(String field, String text) {
        if (text == null) {
            throw new InvalidFieldException(field, RULE);
        }
        int digits = 0;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
            digits++;
        }
        String unit = text.substring(digits);
        boolean leadingZero = digits > 1 && text.charAt(0) == '0';
        if (digits == 0 || leadingZero || digits > MAX_DIGITS) {
            throw new InvalidFieldException(field, RULE + ", got " + Printable.quote(text));
        }
        long n = Long.parseLong(text.substring(0, digits));
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new InvalidFieldException(field, RULE + ", got " + Printable.quote(text));
        };
    }

    /** Milliseconds as the grammar writes them: whole seconds as {@code 10s}, else {@code 1500ms}. */
    public static String format(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** A duration as the grammar writes it, in the largest unit that keeps it exact. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return format(ms);
    }
}
