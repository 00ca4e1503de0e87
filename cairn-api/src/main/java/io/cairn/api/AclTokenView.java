package io.cairn.api;

import java.util.List;

/**
 * A token as the API shows it.
 *
 * @param accessorId its public id, safe to log and to name in {@code DELETE /v1/acl/tokens/ID}
 * @param secret the secret to send as {@code Authorization: Bearer SECRET}; present only in the
 *     answer that created or rotated the token (the cluster keeps only its hash)
 */
public record AclTokenView(String accessorId, String secret, String description, List<String> policies) {
}
