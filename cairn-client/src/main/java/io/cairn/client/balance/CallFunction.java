package io.cairn.client.balance;

import io.cairn.api.InstanceView;

/**
 * The caller's work against one chosen instance, run by {@link Failover}. It should bound its own
 * I/O by a timeout (Failover checks its deadline between attempts, it cannot interrupt one).
 */
@FunctionalInterface
public interface CallFunction<T> {

    T call(InstanceView instance) throws Exception;
}
