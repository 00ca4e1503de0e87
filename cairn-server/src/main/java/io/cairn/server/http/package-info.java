/**
 * The native HTTP API (JSON over HTTP/1.1, Vert.x): {@link io.cairn.server.http.HttpApi} builds
 * the router from one class per endpoint group ({@code InstanceRoutes}, {@code HeartbeatRoutes},
 * {@code WatchRoutes}, {@code StatusRoutes}, {@code LivenessRoutes}); {@code RequestJson} and {@code RegistrationBody}
 * read bodies; {@code Answers} is the one place that writes answers and errors;
 * {@link io.cairn.server.http.ConnectionGuard} closes connections that make no progress.
 *
 * <p>Invariants: every input is validated completely before a command is proposed, so a bad
 * request changes nothing; every error answer is JSON {@code {"error", "message", "field"}}, and
 * no failure, however it arose (a bad chunk size, a bad %-escape), falls through to a 2xx;
 * handlers never block an event loop (writes complete asynchronously from Raft's threads and are
 * answered back on the request's own context).
 */
package io.cairn.server.http;
