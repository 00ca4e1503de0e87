package io.cairn.core.acl;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named set of rights. Service rights come from {@code rules}; the other rights are flags:
 * {@code operator} (cluster membership: joins, leaves, the cluster endpoints), {@code admin}
 * (tokens and policies; it does not include service rights), {@code metrics} ({@code GET /metrics}).
 */
public record Policy(String name, String description, List<ServiceRule> rules, boolean operator, boolean admin,
        boolean metrics) {

    /** The longest policy name. */
    public static final int NAME_MAX = 128;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    public Policy {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        rules = List.copyOf(rules);
        if (name.isEmpty() || name.length() > NAME_MAX || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("policy name must be 1 to " + NAME_MAX
                    + " of letters, digits, '_', '.', '-'");
        }
    }
}
