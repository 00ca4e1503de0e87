package io.cairn.client;

import io.cairn.api.WatchEvent;
import io.cairn.api.WatchState;

/**
 * Receives one service's watch stream ({@link CairnClient#watch}). Called on the thread that
 * called {@code watch}, in the server's order: a {@code state} first (and again, with
 * {@code reset()} true, whenever the server could not send the missed changes), then each change.
 */
public interface WatchListener {

    void onState(WatchState state);

    void onChange(WatchEvent event);
}
