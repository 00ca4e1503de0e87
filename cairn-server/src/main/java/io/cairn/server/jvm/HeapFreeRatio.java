package io.cairn.server.jvm;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * The JVM's {@code MaxHeapFreeRatio}: the most free heap, in per cent of the committed heap, that
 * the collector keeps after a collection that may shrink the heap (G1: a concurrent cycle's remark
 * or a full collection); beyond it the heap is shrunk, down to {@code -XX:MinHeapSize}. 100 means
 * the heap is never shrunk.
 *
 * <p>Contract: {@link #set} takes effect at the collector's next shrinking point; it refuses (with
 * {@link IllegalArgumentException}) a value below the JVM's {@code MinHeapFreeRatio} or above 100.
 * Any thread may call; the JVM applies a write atomically.
 */
public interface HeapFreeRatio {

    /** The flag's value now. */
    int get();

    /** Sets the flag. */
    void set(int percent);

    /**
     * The flag of this JVM, where it can be changed while the JVM runs (HotSpot, where it is a
     * manageable flag), else empty.
     */
    static Optional<HeapFreeRatio> ofThisJvm() {
        HotSpotDiagnosticMXBean hotspot;
        try {
            hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        } catch (IllegalArgumentException | LinkageError e) {
            return Optional.empty(); // not HotSpot
        }
        if (hotspot == null) {
            return Optional.empty();
        }
        VMOption option;
        try {
            option = hotspot.getVMOption("MaxHeapFreeRatio");
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!option.isWriteable()) {
            return Optional.empty();
        }
        return Optional.of(new HeapFreeRatio() {
            @Override
            public int get() {
                return Integer.parseInt(hotspot.getVMOption("MaxHeapFreeRatio").getValue());
            }

            @Override
            public void set(int percent) {
                hotspot.setVMOption("MaxHeapFreeRatio", Integer.toString(percent));
            }
        });
    }
}
