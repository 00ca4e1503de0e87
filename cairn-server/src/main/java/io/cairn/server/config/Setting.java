package io.cairn.server.config;

import io.cairn.core.model.Durations;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.core.model.Printable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One setting of a node. Its {@link #name()} is at once the flag ({@code --http-port}), the
 * config-file key ({@code http-port}) and, upper case with a prefix, the environment variable
 * ({@code CAIRN_HTTP_PORT}): the three are generated from this one definition, with the same
 * parser, range and default, so they cannot drift apart. The list of them is {@link Settings}.
 *
 * @param name the flag name without dashes
 * @param label what the value is, for help ({@code PORT}, {@code DURATION})
 * @param description one sentence for {@code cairn server --help}
 * @param defaultText the default as help and docs show it
 * @param parser text to a value; throws IllegalArgumentException with the rule (no name)
 * @param valid the range; {@code rule} says it in words
 * @param rule the range in words, e.g. "from 1 to 1024"; empty when any value will do
 * @param defaultValue the default, or null for "none" (the setting is optional)
 */
public record Setting<T>(String name, String label, String description, String defaultText,
        Function<String, T> parser, Predicate<T> valid, String rule, Supplier<T> defaultValue) {

    /** The environment variable that sets it. */
    public String envName() {
        return "CAIRN_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Parses and range-checks a value given as text; the error names the setting and the rule. */
    public T parse(String text) {
        T value;
        try {
            value = parser.apply(text);
        } catch (IllegalArgumentException | InvalidFieldException e) {
            throw new IllegalArgumentException(name + " " + e.getMessage() + ", got " + Printable.quote(text));
        }
        return check(value);
    }

    /** Range-checks a value, however it was made (a typed config built in code checks through here). */
    public T check(T value) {
        if (value != null && !valid.test(value)) {
            throw new IllegalArgumentException(name + " must be " + rule + ", got " + shown(value));
        }
        return value;
    }

    /** The default, or null when the setting has none. */
    public T defaultOrNull() {
        return defaultValue.get();
    }

    private static String shown(Object value) {
        return value instanceof Duration d ? Durations.format(d) : Printable.quote(String.valueOf(value));
    }

    static Setting<Integer> integer(String name, String label, Supplier<Integer> def, String defaultText, int min,
            int max, String description) {
        String rule = max == Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
        return new Setting<>(name, label, description, defaultText, Setting::wholeNumber,
                v -> v >= min && v <= max, rule, def);
    }

    static Setting<Duration> duration(String name, Duration def, Duration min, Duration max, String description) {
        String rule = "from " + Durations.format(min) + " to " + Durations.format(max);
        return new Setting<>(name, "DURATION", description, Durations.format(def), text -> {
            try {
                return Durations.parse(name, text);
            } catch (InvalidFieldException e) {
                throw new IllegalArgumentException(Durations.RULE);
            }
        }, v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0, rule, () -> def);
    }

    static Setting<String> text(String name, String label, String def, String defaultText, String description) {
        return new Setting<>(name, label, description, defaultText, text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return text;
        }, v -> true, "", () -> def);
    }

    static Setting<Path> path(String name, Path def, String description) {
        return new Setting<>(name, "DIR", description, "./" + def, text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return Path.of(text);
        }, v -> true, "", () -> def);
    }

    /** An optional file: none by default. */
    static Setting<Path> file(String name, String description) {
        return new Setting<>(name, "FILE", description, "none", text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return Path.of(text);
        }, v -> true, "", () -> null);
    }

    /** One of a fixed set of words. */
    static Setting<String> choice(String name, String def, List<String> words, String description) {
        return new Setting<>(name, String.join("|", words), description, def, text -> {
            if (!words.contains(text)) {
                throw new IllegalArgumentException("must be one of " + String.join(", ", words));
            }
            return text;
        }, words::contains, "one of " + String.join(", ", words), () -> def);
    }

    /** {@code true} or {@code false}, nothing else ({@code yes}, {@code 1} and {@code TRUE} are errors). */
    static Setting<Boolean> flag(String name, boolean def, String description) {
        return new Setting<>(name, "BOOLEAN", description, Boolean.toString(def), text -> switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        }, v -> true, "", () -> def);
    }

    /** A comma-separated list, blanks around items dropped; empty by default. */
    static Setting<List<String>> list(String name, String label, String description) {
        return new Setting<>(name, label, description, "none", text -> {
            List<String> items = new ArrayList<>();
            for (String item : text.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
            return List.copyOf(items);
        }, v -> true, "", List::of);
    }

    /**
     * A port (0-65535, 0 picks a free one) or {@code off}, read as {@code offValue}: for
     * interfaces a node may leave closed.
     */
    static Setting<Integer> portOrOff(String name, int def, int offValue, String description) {
        return new Setting<>(name, "PORT|off", description, Integer.toString(def),
                text -> "off".equals(text) ? offValue : wholeNumber(text),
                v -> v == offValue || (v >= 0 && v <= 65_535), "from 0 to 65535, or off", () -> def);
    }

    private static Integer wholeNumber(String text) {
        // Integer.parseInt accepts a sign; the grammar of a setting is digits only, as for durations.
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("must be a whole number");
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number of at most " + Integer.MAX_VALUE);
        }
    }
}
