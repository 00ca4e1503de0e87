package io.cairn.bench;

/**
 * A JVM's heap as {@code jcmd <pid> GC.heap_info} reports it.
 *
 * @param usedBytes bytes of live and not-yet-collected objects
 * @param committedBytes bytes of heap the JVM holds from the OS
 * @param metaspaceUsedBytes class metadata (outside the heap), or -1 if not reported
 */
public record HeapUsage(long usedBytes, long committedBytes, long metaspaceUsedBytes) {
}
