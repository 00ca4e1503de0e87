/**
 * A Cairn node: assembles the data directory, the Raft node, the partition router and the HTTP
 * API, and starts and stops them in order.
 */
package io.cairn.server;
