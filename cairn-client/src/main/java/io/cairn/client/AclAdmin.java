package io.cairn.client;

import io.cairn.api.AclPolicy;
import io.cairn.api.AclTokenRequest;
import io.cairn.api.AclTokenView;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The registry's access-control endpoints (docs/api.md, "Access control"), over a
 * {@link CairnClient}'s addresses, timeout and token. Every call but {@link #self} needs a token
 * with the admin right; errors are {@link CairnClientException}s as for any call.
 */
public final class AclAdmin {

    private final CairnClient client;

    AclAdmin(CairnClient client) {
        this.client = client;
    }

    /** Adds or replaces the policy named {@code policy.name()}. */
    public AclPolicy putPolicy(AclPolicy policy) {
        return client.call("PUT", "/v1/acl/policies/" + enc(policy.name()), policy, AclPolicy.class);
    }

    public List<AclPolicy> policies() {
        return List.of(client.call("GET", "/v1/acl/policies", null, AclPolicy[].class));
    }

    public void deletePolicy(String name) {
        client.call("DELETE", "/v1/acl/policies/" + enc(name), null, Map.class);
    }

    /** Makes a token; the answer carries its secret, which the registry shows only this once. */
    public AclTokenView createToken(String description, List<String> policies) {
        return client.call("POST", "/v1/acl/tokens", new AclTokenRequest(description, policies), AclTokenView.class);
    }

    /** The tokens, without their secrets. */
    public List<AclTokenView> tokens() {
        return List.of(client.call("GET", "/v1/acl/tokens", null, AclTokenView[].class));
    }

    /** Revokes a token, on every node within a second. */
    public void deleteToken(String accessorId) {
        client.call("DELETE", "/v1/acl/tokens/" + enc(accessorId), null, Map.class);
    }

    /** Gives a token a new secret (answered once); the old one stops working. */
    public AclTokenView rotateToken(String accessorId) {
        return client.call("POST", "/v1/acl/tokens/" + enc(accessorId) + "/rotate", null, AclTokenView.class);
    }

    /** The caller's own token (any valid token may ask). */
    public AclTokenView self() {
        return client.call("GET", "/v1/acl/token/self", null, AclTokenView.class);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
