/**
 * Time as Cairn's server and client see it: one injected {@link io.cairn.api.time.Ticker} to
 * read it and one {@link io.cairn.api.time.Scheduler} to wait on it, with their real
 * implementations. It lives in cairn-api because that is the one module both the server and the
 * client depend on (the client may depend on nothing else); like the wire types it depends on
 * nothing but the JDK. Invariant: no other class of the server or the client reads the clock.
 */
package io.cairn.api.time;
