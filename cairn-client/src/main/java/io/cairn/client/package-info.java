/**
 * The Java client of Cairn's native HTTP API.
 *
 * <p>Depends only on the wire types in {@code cairn-api}. {@link io.cairn.client.CairnClient}
 * is thread safe, holds no static state, and does no I/O in its constructor.
 */
package io.cairn.client;
