package io.cairn.server.consul;

import io.cairn.core.model.Instance;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A Consul check id resolved to an instance and the position of one of its checks:
 * {@code service:<id>} names the only check of instance {@code id}, {@code service:<id>:<n>} its
 * n-th (from 1) of several. Instance ids may contain {@code :} themselves, so the whole rest is
 * tried as an id first.
 *
 * @param position from 0
 */
record CheckRef(Instance instance, int position) {

    /** Completes with null when no instance has such a check. */
    static CompletableFuture<CheckRef> resolve(String checkId, Function<String, CompletableFuture<Instance>> byId) {
        if (!checkId.startsWith("service:")) {
            return CompletableFuture.completedFuture(null);
        }
        String rest = checkId.substring("service:".length());
        CompletableFuture<Instance> whole = rest.isEmpty() ? CompletableFuture.completedFuture(null) : byId.apply(rest);
        return whole.thenCompose(instance -> {
            if (instance != null && instance.liveness().checks().size() == 1) {
                return CompletableFuture.completedFuture(new CheckRef(instance, 0));
            }
            int colon = rest.lastIndexOf(':');
            if (colon <= 0 || !rest.substring(colon + 1).matches("[1-9][0-9]{0,2}")) {
                return CompletableFuture.completedFuture(null);
            }
            int n = Integer.parseInt(rest.substring(colon + 1)) - 1;
            return byId.apply(rest.substring(0, colon)).thenApply(owner -> owner == null
                    || owner.liveness().checks().size() < 2 || n >= owner.liveness().checks().size() ? null
                    : new CheckRef(owner, n));
        });
    }
}
