package io.cairn.core.acl;

import java.util.List;
import java.util.Objects;

/**
 * A token as the metadata keeps it: a public {@code accessorId} that names it in the API and in
 * logs, the SHA-256 of its secret (64 lowercase hex digits; the secret is never stored), and the
 * names of its policies. A policy name that no longer exists grants nothing.
 */
public record AclToken(String accessorId, String secretHash, String description, List<String> policies) {

    public AclToken {
        Objects.requireNonNull(accessorId, "accessorId");
        Objects.requireNonNull(secretHash, "secretHash");
        description = description == null ? "" : description;
        policies = List.copyOf(policies);
        if (!secretHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("secretHash must be 64 lowercase hex digits (a SHA-256)");
        }
        if (accessorId.isEmpty() || accessorId.length() > 64 || !accessorId.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("accessorId must be 1 to 64 of letters, digits, '_', '.', '-'");
        }
    }

    /** Without the hash: a token's string may reach a log. */
    @Override
    public String toString() {
        return "AclToken[accessorId=" + accessorId + ", policies=" + policies + "]";
    }
}
