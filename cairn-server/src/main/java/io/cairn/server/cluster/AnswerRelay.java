package io.cairn.server.cluster;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import java.util.Set;

/**
 * Copies a peer's answer to a forwarded request back to the client: status, end-to-end headers
 * (never hop-by-hop ones) and body, whole for a bounded answer, streamed for a watch or a blocking
 * read. Every method runs on the client connection's event loop, where {@link Forwarder} calls it.
 */
final class AnswerRelay {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-authorization", "proxy-authenticate", "host", "content-length");

    private AnswerRelay() {
    }

    /**
     * Whether the answer is one bounded body (a write's or a plain read's), not a watch stream, a
     * blocking read that may take minutes to begin, or a HEAD answer.
     */
    static boolean bounded(HttpServerRequest req) {
        // A HEAD answer has no body but the GET's Content-Length, which only the streaming relay keeps.
        return req.method() != HttpMethod.HEAD && !req.path().startsWith("/v1/watch/")
                && !req.params().contains("index");
    }

    /**
     * Relays a bounded answer read whole: one write to the client instead of a pipe's chunk by
     * chunk (the common case of a forwarded write or read, so its cost matters).
     */
    static void whole(HttpClientResponse answer, HttpServerResponse out) {
        answer.body().onSuccess(body -> {
            if (out.closed() || out.ended()) {
                return;
            }
            out.setStatusCode(answer.statusCode());
            copyEndToEnd(answer.headers(), out.headers());
            out.end(body);
        }).onFailure(e -> {
            if (!out.closed()) {
                out.reset();
            }
        });
    }

    /** Adds {@code from}'s end-to-end headers to {@code to}. */
    static void copyEndToEnd(MultiMap from, MultiMap to) {
        for (var h : from) {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                to.add(h.getKey(), h.getValue());
            }
        }
    }

    /** Relays an answer as it arrives (a watch stream, a blocking read, a HEAD answer). */
    static void streamed(HttpClientResponse answer, HttpServerResponse out) {
        out.setStatusCode(answer.statusCode());
        copyEndToEnd(answer.headers(), out.headers());
        String length = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            out.putHeader(HttpHeaders.CONTENT_LENGTH, length);
        } else {
            out.setChunked(true);
        }
        answer.pipeTo(out).onFailure(e -> {
            // The leader went silent or away mid-answer: end this connection, so the client
            // sees a broken stream and resumes (a watch with Last-Event-ID) elsewhere.
            if (!out.closed()) {
                out.reset();
            }
        });
    }
}
