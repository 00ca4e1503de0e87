package io.cairn.api;

/**
 * Names one instance.
 *
 * @param namespace its namespace; null means {@code default}
 * @param service its service
 * @param id its id
 */
public record InstanceRef(String namespace, String service, String id) {
}
