package io.cairn.server.acl;

import io.cairn.core.acl.AclTable;
import io.cairn.core.acl.Grant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Resolves a presented secret to its rights against the current replicated table.
 *
 * <p>Threading: any thread; the table supplier returns the immutable table the metadata group
 * last applied here (or last learned), so a revocation is seen by the next request after it.
 */
public final class AccessControl {

    // Asked for by every request: shared rather than made per request (callers are immutable).
    private static final Caller ANYONE = new Caller(Grant.all(), null);
    private static final Caller MISSING = new Caller(Grant.NONE, "missing");
    private static final Caller UNKNOWN = new Caller(Grant.NONE, "unknown");

    private final boolean enabled;
    private final Supplier<AclTable> table;
    private final String dnsPolicy;

    /**
     * @param enabled false: every caller may do everything (acl = off)
     * @param table the current table
     * @param dnsPolicy the policy anonymous DNS lookups get
     */
    public AccessControl(boolean enabled, Supplier<AclTable> table, String dnsPolicy) {
        this.enabled = enabled;
        this.table = table;
        this.dnsPolicy = dnsPolicy;
    }

    /** True with acl = on. */
    public boolean enabled() {
        return enabled;
    }

    /** The caller behind a secret (null or empty when none was presented). */
    public Caller caller(String secret) {
        if (!enabled) {
            return ANYONE;
        }
        if (secret == null || secret.isEmpty()) {
            return MISSING;
        }
        Grant grant = table.get().grant(Secrets.hash(secret));
        return grant == null ? UNKNOWN : new Caller(grant, null);
    }

    /** The rights of an anonymous DNS lookup: those of the DNS policy, or all with acl off. */
    public Grant dns() {
        if (!enabled) {
            return Grant.all();
        }
        return Grant.of("anonymous-dns", table.get().policiesOf(List.of(dnsPolicy)));
    }
}
