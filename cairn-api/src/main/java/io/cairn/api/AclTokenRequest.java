package io.cairn.api;

import java.util.List;

/** {@code POST /v1/acl/tokens}: a new token with these policies (names of policies). */
public record AclTokenRequest(String description, List<String> policies) {
}
