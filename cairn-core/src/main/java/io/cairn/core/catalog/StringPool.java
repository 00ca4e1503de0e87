package io.cairn.core.catalog;

import java.util.HashMap;

/**
 * One copy of each short string that many instances repeat (tags, metadata keys and values such
 * as {@code zone=eu-1} or {@code version=2.3.1}): without it every decoded command brings its own
 * copies, and strings become most of a large catalog's memory.
 *
 * <p>Bounded: once it holds {@link #MAX_ENTRIES} strings it stops adding and returns its input.
 * Confined to the partition's apply thread. Pooling only changes object identity, never content,
 * so it does not affect determinism.
 */
final class StringPool {

    static final int MAX_ENTRIES = 200_000;
    static final int MAX_LENGTH = 128;

    private final HashMap<String, String> strings = new HashMap<>();

    String canonical(String s) {
        if (s == null || s.length() > MAX_LENGTH) {
            return s;
        }
        String pooled = strings.get(s);
        if (pooled != null) {
            return pooled;
        }
        if (strings.size() < MAX_ENTRIES) {
            strings.put(s, s);
        }
        return s;
    }

    int size() {
        return strings.size();
    }
}
