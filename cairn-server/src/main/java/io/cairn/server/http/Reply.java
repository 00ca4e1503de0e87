package io.cairn.server.http;

import java.util.concurrent.CompletableFuture;

/**
 * A successful answer: status, index for {@code X-Cairn-Index} (-1 for none), the body (an
 * object for Jackson, or bytes encoded earlier) and an optional Location.
 */
record Reply(int status, long index, Object body, String location) {

    /** What a route does: an answer now or later, or an exception the API maps to an error. */
    @FunctionalInterface
    interface Action {
        CompletableFuture<Reply> run();
    }
}
