package io.cairn.server.acl;

import io.cairn.core.acl.Grant;

/**
 * Who made a request, as far as access control knows.
 *
 * @param grant the token's rights; {@link Grant#NONE} when there is no valid token
 * @param problem null for a known token (or ACLs off); else why the token is not accepted:
 *     {@code missing} or {@code unknown}, which a protected endpoint answers with 401
 */
public record Caller(Grant grant, String problem) {

    /** True when a valid token (or ACLs off) stands behind the request. */
    public boolean known() {
        return problem == null;
    }
}
