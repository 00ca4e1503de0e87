package io.cairn.server.consul;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.server.partition.PartitionUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the Consul dialect writes answers: JSON with Consul's headers on success, and
 * errors as Consul gives them, a status and a plain-text message. Expected failures are typed
 * ({@link ConsulError}, a native rule's {@link InvalidFieldException}, a partition without a
 * leader); anything else is a bug, logged and answered 500.
 */
final class ConsulAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(ConsulAnswers.class);

    static final String INDEX = "X-Consul-Index";
    static final String KNOWN_LEADER = "X-Consul-KnownLeader";
    static final String LAST_CONTACT = "X-Consul-LastContact";

    private final ObjectMapper mapper;

    ConsulAnswers(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    byte[] encode(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
        }
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** Runs a route's action and answers on the request's own event loop, whichever thread completes it. */
    void handle(RoutingContext ctx, Supplier<CompletableFuture<ConsulReply>> action) {
        Context context = Vertx.currentContext();
        CompletableFuture<ConsulReply> future;
        try {
            future = action.get();
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((reply, e) -> context.runOnContext(v -> finish(ctx, reply, e)));
    }

    private void finish(RoutingContext ctx, ConsulReply reply, Throwable e) {
        HttpServerResponse out = ctx.response();
        if (out.ended() || out.closed() || reply == ConsulReply.FORWARDED) {
            return;
        }
        if (e == null) {
            out.setStatusCode(reply.status()).putHeader("Content-Type", "application/json");
            if (reply.index() >= 0) {
                out.putHeader(INDEX, Long.toString(reply.consulIndex()))
                        .putHeader(KNOWN_LEADER, Boolean.toString(reply.knownLeader()))
                        .putHeader(LAST_CONTACT, Long.toString(Math.max(0, reply.lastContact())));
            }
            out.end(Buffer.buffer(reply.body()));
            return;
        }
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ConsulError c) {
            text(out, c.status(), c.getMessage());
        } else if (cause instanceof InvalidFieldException f) {
            text(out, 400, "Invalid " + ConsulRegistration.consulField(f.field()) + ": " + f.rule());
        } else if (cause instanceof PartitionUnavailableException) {
            out.putHeader("Retry-After", "1");
            text(out, 503, "No cluster leader");
        } else {
            LOG.error("event=request-failed dialect=consul method={} path={}", ctx.request().method(),
                    ctx.request().path(), cause);
            text(out, 500, "Internal error");
        }
    }

    static void text(HttpServerResponse out, int status, String message) {
        if (out.ended() || out.closed()) {
            return;
        }
        out.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
    }
}
