/**
 * Time as the node sees it: the injected {@link io.cairn.server.time.Ticker}. Invariant: no
 * other server class reads the clock.
 */
package io.cairn.server.time;
