package io.cairn.server.acl;

import io.cairn.core.acl.Access;
import io.cairn.core.acl.Grant;
import io.cairn.core.model.ServiceKey;

/**
 * Who made a request, as far as access control knows.
 *
 * @param grant the token's rights; {@link Grant#NONE} when there is no valid token
 * @param problem null for a known token (or ACLs off); else why the token is not accepted:
 *     {@code missing} or {@code unknown}, which a protected endpoint answers with 401
 */
public record Caller(Grant grant, String problem) {

    /**
     * The request-context key under which the HTTP access guard leaves the caller of every request
     * it lets through (the native and the Consul-compatible routes alike).
     */
    public static final String CONTEXT_KEY = "cairn.caller";

    /** Whether the caller may read {@code key} (always with ACLs off, never without a valid token). */
    public boolean mayRead(ServiceKey key) {
        return grant.allows(key.namespace(), key.service(), Access.READ);
    }

    /** True when a valid token (or ACLs off) stands behind the request. */
    public boolean known() {
        return problem == null;
    }
}
