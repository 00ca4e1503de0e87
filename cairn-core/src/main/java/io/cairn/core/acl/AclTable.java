package io.cairn.core.acl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The policies and tokens of a cluster, immutable, part of the cluster metadata.
 *
 * <p>Invariants: no two tokens share a secret hash; every change returns a new table.
 *
 * <p>Lookup by secret: {@link #grant(String)} finds a token by the SHA-256 of the presented
 * secret. The map lookup's timing depends only on that hash, never on a stored secret (there is
 * none), and learning bits of a hash does not help find a preimage; the final comparison of the
 * two hashes is constant-time ({@link MessageDigest#isEqual}) all the same.
 */
public final class AclTable {

    /** The table of a cluster that never had a policy or token. */
    public static final AclTable EMPTY = new AclTable(new TreeMap<>(), new TreeMap<>());

    private final SortedMap<String, Policy> policies;
    private final SortedMap<String, AclToken> tokens;
    /** Derived from {@link #tokens}: secret hash to token. */
    private final Map<String, AclToken> byHash;

    public AclTable(SortedMap<String, Policy> policies, SortedMap<String, AclToken> tokens) {
        this.policies = Collections.unmodifiableSortedMap(new TreeMap<>(policies));
        this.tokens = Collections.unmodifiableSortedMap(new TreeMap<>(tokens));
        Map<String, AclToken> index = new HashMap<>();
        for (AclToken t : tokens.values()) {
            if (index.put(t.secretHash(), t) != null) {
                throw new IllegalArgumentException("two tokens share a secret hash");
            }
        }
        this.byHash = index;
    }

    /** Policies by name. */
    public SortedMap<String, Policy> policies() {
        return policies;
    }

    /** Tokens by accessor id. */
    public SortedMap<String, AclToken> tokens() {
        return tokens;
    }

    /** True when no token exists yet (the cluster needs its initial management token). */
    public boolean hasNoTokens() {
        return tokens.isEmpty();
    }

    /** The rights of the token whose secret hashes to {@code secretHash}, or null for an unknown token. */
    public Grant grant(String secretHash) {
        AclToken token = byHash.get(secretHash);
        if (token == null || !MessageDigest.isEqual(token.secretHash().getBytes(StandardCharsets.US_ASCII),
                secretHash.getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        return Grant.of(token.accessorId(), policiesOf(token.policies()));
    }

    /** The named policies that exist, for a grant without a token (anonymous DNS). */
    public List<Policy> policiesOf(List<String> names) {
        List<Policy> out = new ArrayList<>();
        for (String n : names) {
            Policy p = policies.get(n);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** The table with this policy added or replaced. */
    public AclTable with(Policy policy) {
        SortedMap<String, Policy> next = new TreeMap<>(policies);
        next.put(policy.name(), policy);
        return new AclTable(next, tokens);
    }

    /** The table without this policy (tokens that name it keep the name and lose its rights). */
    public AclTable withoutPolicy(String name) {
        SortedMap<String, Policy> next = new TreeMap<>(policies);
        next.remove(name);
        return new AclTable(next, tokens);
    }

    /**
     * The table with this token added or replaced (replacing a token's hash rotates its secret).
     *
     * @throws IllegalArgumentException when another token has the same secret hash
     */
    public AclTable with(AclToken token) {
        AclToken holder = byHash.get(token.secretHash());
        if (holder != null && !holder.accessorId().equals(token.accessorId())) {
            throw new IllegalArgumentException("another token has this secret");
        }
        SortedMap<String, AclToken> next = new TreeMap<>(tokens);
        next.put(token.accessorId(), token);
        return new AclTable(policies, next);
    }

    /** The table without this token. */
    public AclTable withoutToken(String accessorId) {
        SortedMap<String, AclToken> next = new TreeMap<>(tokens);
        next.remove(accessorId);
        return new AclTable(policies, next);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AclTable other && policies.equals(other.policies) && tokens.equals(other.tokens);
    }

    @Override
    public int hashCode() {
        return Objects.hash(policies, tokens);
    }

    @Override
    public String toString() {
        // Hashes stay out of strings that may reach a log.
        return "AclTable[policies=" + policies.keySet() + ", tokens=" + tokens.keySet() + "]";
    }
}
