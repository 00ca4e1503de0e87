package io.cairn.core.watch;

import java.util.ArrayList;
import java.util.List;

/**
 * The last changes of one service, bounded by count, answering "what changed after revision N".
 *
 * <p>The history covers the revisions after its {@linkplain #floor() floor}: every change with a
 * revision above the floor is in it. When an append evicts the oldest change, the floor rises to
 * that change's revision. A question about revisions below the floor gets {@code null} ("cannot
 * say"), and the caller sends a fresh state instead of a silent gap.
 *
 * <p>Threading: not thread safe; the owner serializes access (one writer appends, readers ask
 * under the same lock).
 */
public final class ServiceHistory {

    private final int capacity;
    /** Grows on demand up to the capacity: most services change rarely, and there are many. */
    private Change[] ring;
    private int start;
    private int size;
    private long floor;

    /**
     * @param capacity how many changes to keep, at least 1
     * @param floor the service's revision when the history starts: changes after it will be kept
     */
    public ServiceHistory(int capacity, long floor) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.ring = new Change[Math.min(capacity, 4)];
        this.floor = floor;
    }

    /**
     * Adds the service's next change.
     *
     * @throws IllegalArgumentException if its revision is not above the latest one
     */
    public void append(Change change) {
        if (change.revision() <= latest()) {
            throw new IllegalArgumentException("revision " + change.revision() + " is not after " + latest());
        }
        if (size == ring.length && ring.length < capacity) {
            Change[] grown = new Change[Math.min(capacity, ring.length * 2)];
            for (int i = 0; i < size; i++) {
                grown[i] = ring[(start + i) % ring.length];
            }
            ring = grown;
            start = 0;
        }
        if (size == ring.length) {
            floor = ring[start].revision();
            ring[start] = change;
            start = (start + 1) % ring.length;
        } else {
            ring[(start + size) % ring.length] = change;
            size++;
        }
    }

    /** Forgets every change: the history now starts at {@code newFloor} (e.g. after a restore). */
    public void reset(long newFloor) {
        ring = new Change[Math.min(capacity, 4)];
        start = 0;
        size = 0;
        floor = newFloor;
    }

    /** Revisions above this are all covered. */
    public long floor() {
        return floor;
    }

    /** The revision of the newest change, or the floor when there is none. */
    public long latest() {
        return size == 0 ? floor : ring[(start + size - 1) % ring.length].revision();
    }

    /**
     * The changes with a revision above {@code revision}, oldest first; empty when there are none
     * (also when {@code revision} is at or beyond the latest); null when the history no longer
     * reaches back to {@code revision}.
     */
    public List<Change> since(long revision) {
        if (revision < floor) {
            return null;
        }
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Change c = ring[(start + i) % ring.length];
            if (c.revision() > revision) {
                out.add(c);
            }
        }
        return out;
    }

    public int size() {
        return size;
    }
}
