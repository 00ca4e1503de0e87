package io.cairn.client.balance;

import io.cairn.api.InstanceView;

/**
 * An optional ability of a {@link LoadBalancer}: to be told when a call to an instance starts
 * and ends (for example to count calls in flight). {@link Failover} calls {@code started} before
 * and {@code finished} after each attempt, on the caller's thread, exactly once each, whatever the
 * outcome. Implementations are thread safe and quick.
 */
public interface CallObserver {

    void started(InstanceView instance);

    void finished(InstanceView instance);
}
