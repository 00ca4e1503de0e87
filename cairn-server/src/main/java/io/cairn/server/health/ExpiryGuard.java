package io.cairn.server.health;

import io.cairn.api.ExpiryProtection;
import io.cairn.api.time.Ticker;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protection against mass expiry, per namespace. When more than a share of a namespace's
 * ephemeral instances are silent (no heartbeat for over half their TTL) or expired within the
 * last TTL window, the fault is far more likely the registry's or its network's than the
 * fleet's: expiry stops there until heartbeats return.
 *
 * <p>Counting silent instances, not only overdue ones, is what lets protection start before the
 * first expiry: owners heartbeat every TTL/4, so when all heartbeats stop at once every lease is
 * silent half a TTL later, while the first one expires three quarters of a TTL later at the
 * earliest.
 *
 * <p>Threading: {@link #assess} and {@link #expired} are called by the sweeper thread only;
 * {@link #protectedNamespaces()} from any thread (it reads a published immutable list).
 */
final class ExpiryGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiryGuard.class);

    /** What the sweeper should do in one namespace. */
    enum Decision {
        /** Expire what is overdue. */
        EXPIRE,
        /** Expire nothing. */
        PROTECT,
        /** Protection just ended: give every lease a fresh TTL, expire nothing this round. */
        RESUME
    }

    private static final class Namespace {
        final ArrayDeque<Long> expiries = new ArrayDeque<>();
        boolean protecting;
        Instant since;
        int total;
        int silent;
    }

    private final HealthSettings settings;
    private final Map<String, Namespace> namespaces = new HashMap<>();
    private volatile List<ExpiryProtection> published = List.of();

    private final Ticker ticker;

    /** @param ticker stamps when protection began (shown in status) */
    ExpiryGuard(HealthSettings settings, Ticker ticker) {
        this.settings = settings;
        this.ticker = ticker;
    }

    /**
     * Decides for one namespace.
     *
     * @param total its ephemeral instances held now (not counting those being expired)
     * @param silent how many of them are silent
     * @param window the namespace's longest TTL: expiries older than this no longer count
     */
    Decision assess(String namespace, int total, int silent, long window, long now) {
        Namespace ns = namespaces.computeIfAbsent(namespace, k -> new Namespace());
        while (!ns.expiries.isEmpty() && now - ns.expiries.peekFirst() > window) {
            ns.expiries.pollFirst();
        }
        int recent = ns.expiries.size();
        int counted = total + recent;
        boolean sick = counted >= settings.protectionMinInstances()
                && silent + recent > settings.protectionShare() * counted;
        ns.total = counted;
        ns.silent = silent + recent;
        if (sick && !ns.protecting) {
            ns.protecting = true;
            ns.since = ticker.now();
            LOG.warn("event=expiry-protection-on ns={} ephemeral={} silent={} share={}", namespace, counted,
                    silent + recent, settings.protectionShare());
            return Decision.PROTECT;
        }
        if (!sick && ns.protecting) {
            ns.protecting = false;
            ns.since = null;
            LOG.info("event=expiry-protection-off ns={} ephemeral={} silent={}", namespace, counted, silent + recent);
            return Decision.RESUME;
        }
        return sick ? Decision.PROTECT : Decision.EXPIRE;
    }

    /** One instance of the namespace is being expired now. */
    void expired(String namespace, long now) {
        namespaces.computeIfAbsent(namespace, k -> new Namespace()).expiries.addLast(now);
    }

    /**
     * Ends a sweep: forgets namespaces with nothing left to count and publishes the protected
     * ones for readers.
     *
     * @param seen the namespaces assessed in this sweep
     */
    void publish(java.util.Set<String> seen) {
        List<ExpiryProtection> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, Namespace>> it = namespaces.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Namespace> e = it.next();
            Namespace ns = e.getValue();
            if (!seen.contains(e.getKey()) && ns.expiries.isEmpty()) {
                if (ns.protecting) {
                    LOG.info("event=expiry-protection-off ns={} ephemeral=0", e.getKey());
                }
                it.remove();
                continue;
            }
            if (ns.protecting) {
                out.add(new ExpiryProtection(e.getKey(), ns.total, ns.silent, ns.since.toString()));
            }
        }
        out.sort(Comparator.comparing(ExpiryProtection::namespace));
        published = List.copyOf(out);
    }

    /** Namespaces where expiry is paused now. */
    List<ExpiryProtection> protectedNamespaces() {
        return published;
    }
}
