package io.cairn.server.http;

import io.cairn.server.watch.WatchLoop;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Endpoints of another dialect (the Consul-compatible API) served beside the native ones on the
 * same router, behind the same first handlers (query decoding, forwarding) and size limit.
 * Mounted after the native routes; a group answers its own errors.
 */
public interface RouteGroup {

    /**
     * Adds the group's routes. Called on the event loop the router serves, once per loop.
     *
     * @param loop that event loop's watch loop, for blocking reads
     * @param body reads a request body within {@code max-body-bytes}
     */
    void mount(Router router, WatchLoop loop, BodyHandler body);
}
