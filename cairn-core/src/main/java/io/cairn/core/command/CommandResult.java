package io.cairn.core.command;

/**
 * What applying one command did.
 *
 * @param outcome whether the catalog changed
 * @param revision the service's revision after the command: the new one when it changed, the
 *     unchanged current one otherwise (0 for a service that never existed)
 */
public record CommandResult(Outcome outcome, long revision) {

    public enum Outcome {
        /** The service's content changed and its revision moved to {@link #revision()}. */
        CHANGED,
        /** The command asked for what was already there; no revision moved. */
        UNCHANGED,
        /** The command named an instance that does not exist; nothing changed. */
        NOT_FOUND
    }
}
