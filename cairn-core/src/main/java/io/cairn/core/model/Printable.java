package io.cairn.core.model;

/**
 * Client text as an error message may show it: quoted, control characters and lone surrogates
 * written as {@code \\uXXXX} escapes (a message must never carry a CR/LF into a log line or a
 * header), and long text cut with an ellipsis.
 */
public final class Printable {

    private static final int MAX = 80;

    private Printable() {
    }

    public static String quote(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX) + 8).append('\'');
        int n = Math.min(text.length(), MAX);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || (Character.isSurrogate(c) && !pairedAt(text, i))) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (text.length() > MAX) {
            sb.append('\u2026');
        }
        return sb.append('\'').toString();
    }

    /**
     * {@code text} with control characters and lone surrogates as {@code \\uXXXX} escapes,
     * uncut: for whole messages, which may quote client text a library put in them.
     */
    public static String escape(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean bad = Character.isISOControl(c) || (Character.isSurrogate(c) && !pairedAt(text, i));
            if (bad && sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (sb != null) {
                if (bad) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? text : sb.toString();
    }

    /** Whether the surrogate at {@code i} is one half of a valid pair. */
    static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** Whether {@code s} holds a surrogate that is not half of a pair (not valid UTF-16, not encodable as UTF-8). */
    public static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i)) && !pairedAt(s, i)) {
                return true;
            }
        }
        return false;
    }
}
