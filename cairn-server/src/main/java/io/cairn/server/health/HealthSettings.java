package io.cairn.server.health;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of expiry and its protection (docs/configuration.md).
 *
 * @param sweepInterval how often the leader looks for expired leases and timed-out critical
 *     instances; detection takes at most the TTL plus this
 * @param protectionShare expiry stops in a namespace when more than this share of its
 *     ephemeral instances are silent or expired within the last TTL window
 * @param protectionMinInstances ...counted only where the namespace has at least this many
 *     ephemeral instances, so that a small deployment still loses its one dead instance
 */
public record HealthSettings(Duration sweepInterval, double protectionShare, int protectionMinInstances) {

    public HealthSettings {
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        if (sweepInterval.toMillis() < 10 || sweepInterval.toMillis() > 1_000) {
            throw new IllegalArgumentException("health-sweep-interval must be between 10ms and 1s");
        }
        if (!(protectionShare > 0 && protectionShare <= 1)) {
            throw new IllegalArgumentException("expiry-protection-share must be more than 0 and at most 1");
        }
        if (protectionMinInstances < 1) {
            throw new IllegalArgumentException("expiry-protection-min-instances must be at least 1");
        }
    }

    public static HealthSettings defaults() {
        return new HealthSettings(Duration.ofMillis(100), 0.5, 10);
    }
}
