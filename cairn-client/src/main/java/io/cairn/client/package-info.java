/**
 * The Java client of Cairn's native HTTP API.
 *
 * <p>Depends only on the wire types in {@code cairn-api}. {@link io.cairn.client.CairnClient}
 * is thread safe, holds no static state, and does no I/O in its constructor.
 *
 * <p>Watches: {@link io.cairn.client.CairnClient#watch} returns a self-reconnecting
 * {@link io.cairn.client.Watch} over one service's server-sent event stream; the listener sees a
 * gap-free sequence (each change's {@code previous} is the revision delivered before it) or a
 * {@code state} marked as a reset, never a silent hole. This is the layer a cached view of
 * services builds on: apply {@code onState} as a replacement and {@code onChange} as a delta.
 * {@code SseParser} is the only place the event-stream wire format is read.
 */
package io.cairn.client;
