package io.cairn.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.InstanceView;
import io.cairn.api.ServiceInstances;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What writers did to each instance (one writer per instance), and the check that a final
 * catalog explains it: an acknowledged last operation decides presence, an unacknowledged one
 * may or may not have landed, and nothing never written may exist.
 */
final class WriteLedger {

    /** The state of one instance's history, from its single writer. */
    record Entry(boolean registerAcked, boolean deregisterAttempted, boolean deregisterAcked) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Set<String> attempted = ConcurrentHashMap.newKeySet();

    static String key(String service, String id) {
        return service + "/" + id;
    }

    void attemptRegister(String service, String id) {
        attempted.add(key(service, id));
    }

    void ackRegister(String service, String id) {
        entries.put(key(service, id), new Entry(true, false, false));
    }

    void attemptDeregister(String service, String id) {
        entries.computeIfPresent(key(service, id), (k, e) -> new Entry(e.registerAcked(), true, e.deregisterAcked()));
    }

    void ackDeregister(String service, String id) {
        entries.computeIfPresent(key(service, id), (k, e) -> new Entry(e.registerAcked(), true, true));
    }

    int acknowledged() {
        return entries.size();
    }

    /** Asserts that the final state of every service explains the ledger. */
    void assertExplains(Map<String, ServiceInstances> finalState) {
        Set<String> present = new HashSet<>();
        for (ServiceInstances s : finalState.values()) {
            for (InstanceView i : s.instances()) {
                present.add(key(s.service(), i.id()));
            }
        }
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry entry = e.getValue();
            if (entry.deregisterAcked()) {
                assertThat(present).as("acknowledged deregistration of %s", e.getKey()).doesNotContain(e.getKey());
            } else if (!entry.deregisterAttempted()) {
                assertThat(present).as("acknowledged registration of %s", e.getKey()).contains(e.getKey());
            }
        }
        for (String p : present) {
            assertThat(attempted).as("instance %s was never written", p).contains(p);
        }
    }
}
