package io.cairn.server.cyclea;

/** Half of a deliberate package cycle that proves the architecture test's cycle rule can fail. */
public final class Left {
    public io.cairn.server.cycleb.Right right;
}
