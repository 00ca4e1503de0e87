package io.cairn.api;

/**
 * The answer to a write.
 *
 * @param id the instance id (the generated one for {@code POST})
 * @param revision the service's revision after the write
 * @param changed false when the write asked for what was already there (no revision moved)
 */
public record WriteResult(String id, long revision, boolean changed) {
}
