package io.cairn.api;

import java.util.List;

/**
 * A policy, as {@code PUT /v1/acl/policies/NAME} takes it and the policy endpoints answer it.
 *
 * @param name its name (from the path on a PUT; may be omitted in the body)
 * @param rules service rights
 * @param operator cluster membership and the cluster endpoints
 * @param admin tokens and policies ({@code /v1/acl})
 * @param metrics {@code GET /metrics}
 */
public record AclPolicy(String name, String description, List<AclRule> rules, Boolean operator, Boolean admin,
        Boolean metrics) {
}
