package io.cairn.server.dns;

import io.cairn.core.acl.Access;
import io.cairn.core.acl.Grant;
import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The instances of the services anonymous DNS lookups may read (the {@code acl-dns-policy}
 * policy's read rights; everything with ACLs off). A service it may not read answers as one with
 * no instances (NXDOMAIN), so a lookup never tells whether such a service exists.
 */
final class PermittedInstances implements InstanceSource {

    private final InstanceSource source;
    private final Supplier<Grant> grant;

    /** @param grant the DNS rights now (read per query: a policy change applies to the next one) */
    PermittedInstances(InstanceSource source, Supplier<Grant> grant) {
        this.source = source;
        this.grant = grant;
    }

    @Override
    public CompletableFuture<List<Instance>> instances(ServiceKey key) {
        if (!grant.get().allows(key.namespace(), key.service(), Access.READ)) {
            return CompletableFuture.completedFuture(List.of());
        }
        return source.instances(key);
    }
}
