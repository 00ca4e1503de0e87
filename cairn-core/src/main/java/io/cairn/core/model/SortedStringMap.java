package io.cairn.core.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable string map sorted by key, kept in two arrays: the metadata of an instance.
 *
 * <p>Why not an unmodifiable {@code TreeMap}: a registry holds hundreds of thousands of these,
 * and a tree spends about 40 bytes of nodes per entry plus its wrappers, where two arrays spend 8.
 * Lookups are binary searches; iteration is in key order; equality and hash code are those of
 * {@link Map}. Values may be null (validation, not storage, rejects them); keys may not.
 */
public final class SortedStringMap extends AbstractMap<String, String> {

    private static final SortedStringMap EMPTY = new SortedStringMap(new String[0], new String[0]);

    private final String[] keys;
    private final String[] values;

    private SortedStringMap(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** An immutable sorted copy of {@code map} (the map itself when it already is one). */
    public static SortedStringMap copyOf(Map<String, String> map) {
        if (map instanceof SortedStringMap s) {
            return s;
        }
        if (map == null || map.isEmpty()) {
            return EMPTY;
        }
        String[] k = new String[map.size()];
        int i = 0;
        for (String key : map.keySet()) {
            if (key == null) {
                throw new NullPointerException("metadata key");
            }
            k[i++] = key;
        }
        Arrays.sort(k);
        String[] v = new String[k.length];
        for (int j = 0; j < k.length; j++) {
            if (j > 0 && k[j].equals(k[j - 1])) {
                throw new IllegalArgumentException("duplicate metadata key " + k[j]);
            }
            v[j] = map.get(k[j]);
        }
        return new SortedStringMap(k, v);
    }

    /** The same content with every key and value passed through {@code canonical} (e.g. a pool). */
    public SortedStringMap mapStrings(java.util.function.UnaryOperator<String> canonical) {
        String[] k = new String[keys.length];
        String[] v = new String[values.length];
        for (int i = 0; i < keys.length; i++) {
            k[i] = canonical.apply(keys[i]);
            v[i] = values[i] == null ? null : canonical.apply(values[i]);
        }
        return new SortedStringMap(k, v);
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String s && Arrays.binarySearch(keys, s) >= 0;
    }

    @Override
    public String get(Object key) {
        if (!(key instanceof String s)) {
            return null;
        }
        int i = Arrays.binarySearch(keys, s);
        return i >= 0 ? values[i] : null;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
