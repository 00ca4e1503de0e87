/**
 * The native HTTP API (JSON over HTTP/1.1, Vert.x): routes, request parsing and error answers.
 *
 * <p>Invariants: every input is validated completely before a command is proposed, so a bad
 * request changes nothing; every error answer is JSON {@code {"error", "message", "field"}};
 * handlers never block an event loop (writes complete asynchronously from Raft's threads and are
 * answered back on the request's own context).
 */
package io.cairn.server.http;
