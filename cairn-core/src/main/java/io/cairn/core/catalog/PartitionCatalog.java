package io.cairn.core.catalog;

import io.cairn.core.command.Command;
import io.cairn.core.command.CommandResult;
import io.cairn.core.command.CommandResult.Outcome;
import io.cairn.core.command.Deregister;
import io.cairn.core.command.Register;
import io.cairn.core.command.SetHealth;
import io.cairn.core.model.Health;
import io.cairn.core.model.Liveness;
import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.model.SortedStringMap;
import io.cairn.core.watch.Change;
import io.cairn.core.watch.ChangeKind;
import io.cairn.core.watch.ChangeReason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalog of one partition. Deterministic: its state is a function of the commands applied,
 * in order, and nothing else.
 *
 * <p>Threading: {@link #apply} and {@link #restore} are called by one thread at a time (the
 * partition's apply thread); the read methods may be called from any thread and see each
 * service either before or after a command, never during.
 */
public final class PartitionCatalog {

    private final ConcurrentHashMap<ServiceKey, ServiceState> services = new ConcurrentHashMap<>();
    private final ChangeListener listener;
    private final StringPool strings = new StringPool();
    /** The last revision handed out in this partition; each real change takes the next one. */
    private volatile long revision;
    /** The revision of the last change to the set of services or their instance counts. */
    private volatile long listRevision;

    /** A catalog nobody listens to. */
    public PartitionCatalog() {
        this(ChangeListener.NONE);
    }

    /** A catalog that tells {@code listener} of every change, on the apply thread. */
    public PartitionCatalog(ChangeListener listener) {
        this.listener = listener;
    }

    /** Applies one command and says what it did. Only the apply thread calls this. */
    public CommandResult apply(Command command) {
        return switch (command.kind()) {
            case REGISTER -> register(((Register) command).instance());
            case DEREGISTER -> deregister((Deregister) command);
            case SET_HEALTH -> setHealth((SetHealth) command);
        };
    }

    /** Applies a batch in order; the results line up with the commands. */
    public List<CommandResult> applyAll(List<Command> commands) {
        List<CommandResult> results = new ArrayList<>(commands.size());
        for (Command c : commands) {
            results.add(apply(c));
        }
        return results;
    }

    /**
     * Insert or replace. The health a registration asks for is not taken: an instance keeps the
     * health it has while its checks stay the same (re-registering must not make a failing
     * instance look healthy, nor a healthy one critical), and starts from
     * {@link Liveness#initialHealth()} when it is new or its checks changed.
     */
    private CommandResult register(Instance requested) {
        ServiceState current = services.get(requested.key());
        if (current == null) {
            current = ServiceState.empty(requested.key());
        }
        Instance existing = current.find(requested.id());
        Health health = existing != null && existing.liveness().checks().equals(requested.liveness().checks())
                ? existing.health() : requested.liveness().initialHealth();
        Instance instance = requested.withHealth(health);
        if (instance.equals(existing)) {
            return new CommandResult(Outcome.UNCHANGED, current.revision());
        }
        long next = ++revision;
        Instance stored = canonical(instance, current.key());
        ServiceState after = current.with(stored, next);
        services.put(current.key(), after);
        if (existing == null) {
            listRevision = next;
        }
        listener.changed(new Change(after.key(), next, current.revision(),
                existing == null ? ChangeKind.REGISTERED : ChangeKind.UPDATED, ChangeReason.REQUEST, stored), after);
        return new CommandResult(Outcome.CHANGED, next);
    }

    /**
     * The instance as stored: sharing the service's key object and one pooled copy of each
     * repeated tag and metadata string.
     */
    private Instance canonical(Instance instance, ServiceKey sharedKey) {
        List<String> tags = instance.tags();
        if (!tags.isEmpty()) {
            String[] pooled = new String[tags.size()];
            for (int i = 0; i < pooled.length; i++) {
                pooled[i] = strings.canonical(tags.get(i));
            }
            tags = List.of(pooled);
        }
        Map<String, String> meta = instance.meta().isEmpty() ? instance.meta()
                : SortedStringMap.copyOf(instance.meta()).mapStrings(strings::canonical);
        return new Instance(sharedKey, instance.id(), instance.address(), instance.port(), tags, meta,
                instance.weight(), instance.liveness(), instance.health());
    }

    private CommandResult deregister(Deregister command) {
        ServiceState current = services.get(command.key());
        if (current == null || current.find(command.id()) == null) {
            return new CommandResult(Outcome.NOT_FOUND, current == null ? 0 : current.revision());
        }
        Instance removed = current.find(command.id());
        long next = ++revision;
        ServiceState after = current.without(command.id(), next);
        services.put(current.key(), after);
        listRevision = next;
        listener.changed(new Change(after.key(), next, current.revision(), ChangeKind.DEREGISTERED, command.reason(),
                removed), after);
        return new CommandResult(Outcome.CHANGED, next);
    }

    private CommandResult setHealth(SetHealth command) {
        ServiceState current = services.get(command.key());
        Instance existing = current == null ? null : current.find(command.id());
        if (existing == null) {
            return new CommandResult(Outcome.NOT_FOUND, current == null ? 0 : current.revision());
        }
        if (existing.health() == command.health()) {
            return new CommandResult(Outcome.UNCHANGED, current.revision());
        }
        long next = ++revision;
        Instance changed = existing.withHealth(command.health());
        ServiceState after = current.with(changed, next);
        services.put(current.key(), after);
        listener.changed(new Change(after.key(), next, current.revision(), ChangeKind.HEALTH, ChangeReason.CHECK,
                changed), after);
        return new CommandResult(Outcome.CHANGED, next);
    }

    /** The service's state, or null if it never had an instance in this partition. */
    public ServiceState service(ServiceKey key) {
        return services.get(key);
    }

    /** Every service known to this partition, tombstones (empty services) included. */
    public Collection<ServiceState> services() {
        return services.values();
    }

    public long revision() {
        return revision;
    }

    public long listRevision() {
        return listRevision;
    }

    /** The number of instances, over all services. O(services). */
    public int instanceCount() {
        int n = 0;
        for (ServiceState s : services.values()) {
            n += s.size();
        }
        return n;
    }

    /** Replaces the whole content, e.g. from a snapshot. Only the apply thread calls this. */
    public void restore(long newRevision, long newListRevision, Map<ServiceKey, ServiceState> content) {
        // Replace in place rather than clear() then putAll(): a concurrent reader sees each
        // service before or after, never an empty catalog in between.
        services.keySet().retainAll(content.keySet());
        services.putAll(content);
        revision = newRevision;
        listRevision = newListRevision;
        listener.restored(services.values());
    }
}
