/**
 * The {@code cairn} command line: {@code server} starts a node in this JVM; every other command
 * is a thin client over {@link io.cairn.client.CairnClient} and talks HTTP to a running node.
 *
 * <p>Exit codes are part of the interface (scripts test them): 0 success, 1 the registry or the
 * server refused (the message says why), 2 bad arguments, 3 the registry could not be reached.
 */
package io.cairn.cli;
