/**
 * The registry's nouns: namespaces, services, instances, and the rules their fields obey.
 *
 * <p>Invariants: an {@link io.cairn.core.model.Instance} that exists has passed
 * {@link io.cairn.core.model.InstanceRules}; its tags keep the order they were given in and its
 * metadata is sorted by key, so two registrations with the same content are {@code equals}.
 */
package io.cairn.core.model;
