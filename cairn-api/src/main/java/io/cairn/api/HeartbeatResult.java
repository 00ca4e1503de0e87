package io.cairn.api;

import java.util.List;

/**
 * The answer to a heartbeat.
 *
 * @param renewed how many ephemeral instances got a fresh TTL
 * @param unknown the instances the registry does not hold (never registered, expired or
 *     deregistered): their owner should register them again
 * @param persistent named instances that are persistent: heartbeats do not apply to them
 */
public record HeartbeatResult(int renewed, List<InstanceRef> unknown, List<InstanceRef> persistent) {
}
