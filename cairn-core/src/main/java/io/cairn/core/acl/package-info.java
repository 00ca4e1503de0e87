/**
 * Access control, pure: {@link io.cairn.core.acl.Policy policies} (rights on namespaces and
 * service-name patterns, plus the operator, admin and metrics rights), {@link io.cairn.core.acl.AclToken
 * tokens} that name policies, and the {@link io.cairn.core.acl.AclTable} that holds both inside the
 * replicated cluster metadata. Tokens are known here only by the SHA-256 of their secret, in hex:
 * the secret itself never enters a command, the log or a snapshot. Nothing here reads a clock or
 * random source; the server makes secrets and hashes them before proposing.
 */
package io.cairn.core.acl;
