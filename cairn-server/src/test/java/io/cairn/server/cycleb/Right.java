package io.cairn.server.cycleb;

/** The other half of the deliberate package cycle (see {@code cyclea.Left}). */
public final class Right {
    public io.cairn.server.cyclea.Left left;
}
