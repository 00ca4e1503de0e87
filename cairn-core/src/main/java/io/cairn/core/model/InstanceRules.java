package io.cairn.core.model;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The character sets and lengths of every field (documented in docs/api.md, "Limits"). Each
 * check throws {@link InvalidFieldException} naming the field and the rule.
 *
 * <p>Names are ASCII on purpose: they appear in URLs, DNS answers and log lines, where
 * look-alike Unicode would make two different services read the same.
 */
public final class InstanceRules {

    private InstanceRules() {
    }

    /** Namespace: 1-64 of {@code a-z 0-9 - _}, starting and ending with a letter or digit. */
    public static String namespace(String value) {
        return name("ns", value, Limits.NAMESPACE_MAX, false);
    }

    /** Service: 1-128 of {@code A-Z a-z 0-9 . - _}, starting and ending with a letter or digit. */
    public static String service(String value) {
        return name("service", value, Limits.SERVICE_MAX, true);
    }

    /** Instance id: 1-128 of {@code A-Z a-z 0-9 . - _ : @}, starting with a letter or digit. */
    public static String instanceId(String value) {
        required("id", value);
        if (value.length() > Limits.INSTANCE_ID_MAX) {
            throw new InvalidFieldException("id", "must be at most " + Limits.INSTANCE_ID_MAX + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = isAlnum(c) || (i > 0 && (c == '.' || c == '-' || c == '_' || c == ':' || c == '@'));
            if (!ok) {
                throw new InvalidFieldException("id",
                        "must be letters, digits and . - _ : @ (starting with a letter or digit)");
            }
        }
        return value;
    }

    /** Checks every field of a complete instance; returns it for chaining. */
    public static Instance validate(Instance instance) {
        namespace(instance.key().namespace());
        service(instance.key().service());
        instanceId(instance.id());
        address(instance.address());
        port(instance.port());
        tags(instance.tags());
        meta(instance.meta());
        weight(instance.weight());
        liveness(instance.liveness());
        return instance;
    }

    /**
     * TTL only and always for ephemeral instances, within its limits; {@code deregisterAfter}
     * within its limits and only with checks; at most 8 checks, each with an interval and a
     * timeout within their limits and a target of at most 1024 characters. The syntax of a
     * check's URL or target is checked where it is resolved (the server), which may use the
     * network classes this module does not.
     */
    public static void liveness(Liveness liveness) {
        if (liveness.ephemeral()) {
            if (liveness.ttlMillis() < Limits.TTL_MIN_MILLIS || liveness.ttlMillis() > Limits.TTL_MAX_MILLIS) {
                throw new InvalidFieldException("ttl", "must be between 1s and 1h");
            }
        } else if (liveness.ttlMillis() != 0) {
            throw new InvalidFieldException("ttl", "applies only to ephemeral instances (set \"ephemeral\": true)");
        }
        long after = liveness.deregisterAfterMillis();
        if (after != 0) {
            if (after < Limits.DEREGISTER_AFTER_MIN_MILLIS || after > Limits.DEREGISTER_AFTER_MAX_MILLIS) {
                throw new InvalidFieldException("deregisterAfter", "must be between 1s and 7d");
            }
            if (liveness.checks().isEmpty()) {
                throw new InvalidFieldException("deregisterAfter", "needs at least one check to tell critical");
            }
        }
        if (liveness.checks().size() > Limits.CHECKS_MAX) {
            throw new InvalidFieldException("checks", "at most " + Limits.CHECKS_MAX + " checks");
        }
        for (int i = 0; i < liveness.checks().size(); i++) {
            check("checks[" + i + "]", liveness.checks().get(i));
        }
    }

    private static void check(String field, Check check) {
        long interval = check.intervalMillis();
        if (interval < Limits.CHECK_INTERVAL_MIN_MILLIS || interval > Limits.CHECK_INTERVAL_MAX_MILLIS) {
            throw new InvalidFieldException(field + ".interval", "must be between 1s and 1h");
        }
        if (check.timeoutMillis() < Limits.CHECK_TIMEOUT_MIN_MILLIS || check.timeoutMillis() > interval) {
            throw new InvalidFieldException(field + ".timeout", "must be at least 100ms and at most the interval");
        }
        if (check.type() == CheckType.TTL) {
            if (!check.target().isEmpty()) {
                throw new InvalidFieldException(field + ".target", "a ttl check has no target: its owner reports its result");
            }
            return;
        }
        if (check.target().isEmpty() || check.target().length() > Limits.CHECK_TARGET_MAX
                || hasControl(check.target()) || Printable.hasLoneSurrogate(check.target())) {
            throw new InvalidFieldException(field + "." + (check.type() == CheckType.HTTP ? "url" : "target"),
                    "must be 1-" + Limits.CHECK_TARGET_MAX + " characters without control characters");
        }
    }

    public static void port(int port) {
        if (port < 1 || port > Limits.PORT_MAX) {
            throw new InvalidFieldException("port", "must be between 1 and " + Limits.PORT_MAX);
        }
    }

    public static void weight(int weight) {
        if (weight < 0 || weight > Limits.WEIGHT_MAX) {
            throw new InvalidFieldException("weight", "must be between 0 and " + Limits.WEIGHT_MAX);
        }
    }

    /** An IPv4 literal, an IPv6 literal (no zone, no brackets) or an RFC 1123 host name. */
    public static void address(String address) {
        required("address", address);
        if (!HostAddress.isValid(address)) {
            throw new InvalidFieldException("address",
                    "must be an IPv4 address, an IPv6 address or a DNS host name (at most "
                            + Limits.HOSTNAME_MAX + " characters)");
        }
    }

    /** At most 64 distinct tags, each 1-128 characters with no control characters. */
    public static void tags(List<String> tags) {
        if (tags.size() > Limits.TAGS_MAX) {
            throw new InvalidFieldException("tags", "at most " + Limits.TAGS_MAX + " tags");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            String field = "tags[" + i + "]";
            if (tag == null || tag.isEmpty() || tag.length() > Limits.TAG_MAX || hasControl(tag)) {
                throw new InvalidFieldException(field,
                        "each tag must be 1-" + Limits.TAG_MAX + " characters without control characters");
            }
            requireUnicode(field, tag);
            if (!seen.add(tag)) {
                throw new InvalidFieldException(field, "duplicate tag " + Printable.quote(tag));
            }
        }
    }

    /**
     * At most 64 entries; keys 1-128 of {@code A-Z a-z 0-9 . - _ /} starting with a letter or
     * digit; values at most 1024 UTF-8 bytes without control characters; 8 KiB in all.
     */
    public static void meta(Map<String, String> meta) {
        if (meta.size() > Limits.META_ENTRIES_MAX) {
            throw new InvalidFieldException("meta", "at most " + Limits.META_ENTRIES_MAX + " entries");
        }
        int total = 0;
        for (Map.Entry<String, String> e : meta.entrySet()) {
            String key = e.getKey();
            if (!isMetaKey(key)) {
                // The field is named after the key as the client wrote it, made printable: the
                // key is what is wrong, and the client must be able to find it.
                String shown = key == null ? "null" : Printable.quote(key);
                throw new InvalidFieldException("meta." + shown.substring(shown.startsWith("'") ? 1 : 0,
                        shown.length() - (shown.endsWith("'") ? 1 : 0)),
                        "keys must be 1-" + Limits.META_KEY_MAX
                                + " of letters, digits and . - _ / (starting with a letter or digit)");
            }
            String value = e.getValue();
            if (value == null) {
                throw new InvalidFieldException("meta." + key, "must be a string");
            }
            requireUnicode("meta." + key, value);
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > Limits.META_VALUE_MAX_BYTES || hasControl(value)) {
                throw new InvalidFieldException("meta." + key,
                        "must be at most " + Limits.META_VALUE_MAX_BYTES
                                + " UTF-8 bytes without control characters");
            }
            total += key.length() + bytes;
        }
        if (total > Limits.META_TOTAL_MAX_BYTES) {
            throw new InvalidFieldException("meta",
                    "keys and values together must be at most " + Limits.META_TOTAL_MAX_BYTES + " UTF-8 bytes");
        }
    }

    private static boolean isMetaKey(String key) {
        if (key == null || key.isEmpty() || key.length() > Limits.META_KEY_MAX || !isAlnum(key.charAt(0))) {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(isAlnum(c) || c == '.' || c == '-' || c == '_' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    private static String name(String field, String value, int max, boolean upperAndDot) {
        required(field, value);
        String chars = upperAndDot ? "letters, digits and . - _" : "lower-case letters, digits and - _";
        String rule = "must be 1-" + max + " " + chars + ", starting and ending with a letter or digit";
        if (value.length() > max) {
            throw new InvalidFieldException(field, rule);
        }
        int last = value.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = value.charAt(i);
            boolean alnum = upperAndDot ? isAlnum(c) : (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            boolean ok = alnum || (i > 0 && i < last && (c == '-' || c == '_' || (upperAndDot && c == '.')));
            if (!ok) {
                throw new InvalidFieldException(field, rule);
            }
        }
        return value;
    }

    private static void required(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidFieldException(field, "is required");
        }
    }

    static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /**
     * A lone UTF-16 surrogate (JSON's {@code "\ud800"}) is no character: it cannot be written as
     * UTF-8, and strict JSON parsers refuse an answer that echoes it.
     */
    private static void requireUnicode(String field, String value) {
        if (Printable.hasLoneSurrogate(value)) {
            throw new InvalidFieldException(field, "must be valid Unicode (it holds a lone UTF-16 surrogate)");
        }
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
