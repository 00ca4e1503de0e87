package io.cairn.core.catalog;

import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An immutable view of one service at one revision: its instances sorted by id.
 *
 * <p>A change copies the instance array (copy-on-write), which keeps reads lock-free and
 * allocation-light; the cost is O(instances of that service) per write, a few microseconds even
 * for services with thousands of instances.
 */
public final class ServiceState {

    private final ServiceKey key;
    private final long revision;
    private final Instance[] instances;
    private final List<Instance> view;

    ServiceState(ServiceKey key, long revision, Instance[] sortedById) {
        this.key = key;
        this.revision = revision;
        this.instances = sortedById;
        this.view = Collections.unmodifiableList(Arrays.asList(sortedById));
    }

    static ServiceState empty(ServiceKey key) {
        return new ServiceState(key, 0, new Instance[0]);
    }

    public ServiceKey key() {
        return key;
    }

    /** The revision this state was produced at: the partition revision of its last change. */
    public long revision() {
        return revision;
    }

    /** The instances, sorted by id; unmodifiable. */
    public List<Instance> instances() {
        return view;
    }

    public int size() {
        return instances.length;
    }

    public boolean isEmpty() {
        return instances.length == 0;
    }

    /** The instance with this id, or null. */
    public Instance find(String id) {
        int i = indexOf(id);
        return i >= 0 ? instances[i] : null;
    }

    ServiceState with(Instance instance, long newRevision) {
        int i = indexOf(instance.id());
        Instance[] next;
        if (i >= 0) {
            next = instances.clone();
            next[i] = instance;
        } else {
            int at = -i - 1;
            next = new Instance[instances.length + 1];
            System.arraycopy(instances, 0, next, 0, at);
            next[at] = instance;
            System.arraycopy(instances, at, next, at + 1, instances.length - at);
        }
        return new ServiceState(key, newRevision, next);
    }

    ServiceState without(String id, long newRevision) {
        int i = indexOf(id);
        Instance[] next = new Instance[instances.length - 1];
        System.arraycopy(instances, 0, next, 0, i);
        System.arraycopy(instances, i + 1, next, i, instances.length - i - 1);
        return new ServiceState(key, newRevision, next);
    }

    private int indexOf(String id) {
        int lo = 0;
        int hi = instances.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = instances[mid].id().compareTo(id);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    @Override
    public String toString() {
        return key + "@" + revision + Arrays.toString(instances);
    }
}
