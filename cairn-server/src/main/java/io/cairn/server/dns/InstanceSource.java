package io.cairn.server.dns;

import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the DNS interface gets a service's instances.
 *
 * <p>Contract: called on an event loop, so it never blocks; the future may complete on any
 * thread, at once when the answer is at hand. It completes with the service's instances in any
 * health (the caller filters), an empty list for a service that does not exist or has none, and
 * the list is the caller's to read but not to change. It fails only when the instances cannot be
 * had now (no replica here and no leader known, a peer that does not answer); the caller answers
 * SERVFAIL, which tells a resolver to try again or elsewhere.
 */
interface InstanceSource {

    CompletableFuture<List<Instance>> instances(ServiceKey key);
}
