package io.cairn.core.acl;

import java.util.List;

/**
 * What one token may do: the union of its policies' rights, computed when asked (tables are
 * small, and a grant lives only as long as one request).
 */
public final class Grant {

    /** The grant of no token: nothing allowed. */
    public static final Grant NONE = new Grant(null, List.of());

    private final String accessorId;
    private final List<Policy> policies;

    Grant(String accessorId, List<Policy> policies) {
        this.accessorId = accessorId;
        this.policies = List.copyOf(policies);
    }

    private static final Grant ALL = new Grant("anonymous", List.of(new Policy("all", "",
            List.of(new ServiceRule("*", "*", Access.WRITE)), true, true, true)));

    /**
     * Everything allowed: a node with ACLs off. One shared instance (a grant is immutable), since
     * with ACLs off every request asks for it.
     */
    public static Grant all() {
        return ALL;
    }

    /** A grant made of the given policies, e.g. the DNS policy for anonymous lookups. */
    public static Grant of(String accessorId, List<Policy> policies) {
        return new Grant(accessorId, policies);
    }

    /** The token's public id, or null for {@link #NONE}. */
    public String accessorId() {
        return accessorId;
    }

    /** True when some rule gives {@code wanted} on service {@code name} of namespace {@code ns}. */
    public boolean allows(String ns, String name, Access wanted) {
        for (Policy p : policies) {
            for (ServiceRule r : p.rules()) {
                if (r.access().includes(wanted) && r.matches(ns, name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when some rule gives {@code wanted} on every service of namespace {@code ns}. */
    public boolean allowsNamespace(String ns, Access wanted) {
        for (Policy p : policies) {
            for (ServiceRule r : p.rules()) {
                if (r.access().includes(wanted) && r.coversNamespace(ns)) {
                    return true;
                }
            }
        }
        return false;
    }

    public boolean operator() {
        return policies.stream().anyMatch(Policy::operator);
    }

    public boolean admin() {
        return policies.stream().anyMatch(Policy::admin);
    }

    public boolean metrics() {
        return policies.stream().anyMatch(Policy::metrics);
    }
}
