/**
 * TLS of a node as Vert.x sees it: {@link io.cairn.server.tls.NodeTls} turns the node's
 * {@link io.cairn.api.tls.TlsSource} (PEM files followed on every handshake) into the options of
 * the HTTP server and of the HTTP clients between nodes, with {@link io.cairn.api.tls.TlsPolicy}'s
 * protocols and suites. Raft's gRPC takes the same source's key and trust managers in
 * {@code raft}. Invariant: when TLS is on, every socket the node opens or accepts is TLS, and
 * every call between nodes presents the node's certificate.
 */
package io.cairn.server.tls;
