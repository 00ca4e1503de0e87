package io.cairn.server.consul;

import io.cairn.core.model.Printable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's duration syntax, which Consul uses ({@code 10s}, {@code 1m30s}, {@code 500ms}, {@code 72h}):
 * one or more decimal numbers each with a unit {@code ns us ms s m h}. A sign is refused, as Consul
 * refuses negative intervals; a bare {@code 0} is zero.
 */
final class ConsulDuration {

    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

    private ConsulDuration() {
    }

    /**
     * Milliseconds (fractions of a millisecond dropped).
     *
     * @param what the field, for the message
     * @throws ConsulError 400 when it does not parse or exceeds 1000 hours
     */
    static long millis(String what, String text) {
        if ("0".equals(text)) {
            return 0;
        }
        Matcher m = PART.matcher(text);
        int at = 0;
        double total = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            double n = Double.parseDouble(m.group(1));
            total += switch (m.group(2)) {
                case "ns" -> n / 1_000_000;
                case "us", "µs" -> n / 1000;
                case "ms" -> n;
                case "s" -> n * 1000;
                case "m" -> n * 60_000;
                default -> n * 3_600_000;
            };
            at = m.end();
        }
        if (text.isEmpty() || at != text.length() || total > 3_600_000_000d) {
            throw ConsulError.badRequest("Invalid " + what + ": time: invalid duration " + Printable.quote(text));
        }
        return (long) total;
    }
}
