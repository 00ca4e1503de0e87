/**
 * The DNS interface (docs/consul.md, "DNS"): Consul's names ({@code NAME.service.consul},
 * {@code TAG.NAME.service.consul}, {@code _NAME._TAG.service.consul}, {@code HEX.addr.consul},
 * a namespace as {@code .NS.ns} before {@code consul}) answered over UDP and TCP from the
 * catalog. {@code ConsulName} reads a question's name, {@code DnsResponder} decides the answer
 * ({@code DnsAnswer} is one response being built), {@code InstanceSource} is where instances
 * come from (this node's replica, or the partition's leader over HTTP when this node holds
 * none), {@code DnsServer} owns the sockets ({@code DnsDatagramHandler} for UDP,
 * {@code DnsTcpConnection} for TCP).
 *
 * <p>Invariants: the wire format is dnsjava's, never written by hand; every query gets an answer
 * with a DNS rcode or, when it cannot be answered at all (shorter than a header, or itself a
 * response), nothing, and no query can stop the server; answers come from a local replica
 * without a read barrier (stale by the replication delay, which DNS clients tolerate by design);
 * nothing here blocks an event loop.
 */
package io.cairn.server.dns;
