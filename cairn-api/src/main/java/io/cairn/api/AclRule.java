package io.cairn.api;

/**
 * One service rule of a policy.
 *
 * @param namespace a namespace, or {@code *} for all
 * @param service an exact service name, a prefix ending in {@code *}, or {@code *} for all
 * @param access {@code read} or {@code write} (write includes read)
 */
public record AclRule(String namespace, String service, String access) {
}
