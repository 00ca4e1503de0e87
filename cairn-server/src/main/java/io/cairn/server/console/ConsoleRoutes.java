package io.cairn.server.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * Serves the console (docs/ui.md): {@code /} redirects to {@code /ui/}; {@code /ui/assets/HASH/NAME}
 * is an asset, cacheable for a year; every other path under {@code /ui/} is the page itself
 * ({@code no-cache}, revalidated by its ETag), so that a deep link such as
 * {@code /ui/services/web?ns=prod} loads the page and its client-side router shows the view.
 *
 * <p>Answers are gzipped for clients that accept it (the API itself is never compressed: the
 * server's HTTP compression is off). Every answer carries the console's security headers.
 */
public final class ConsoleRoutes {

    /**
     * Scripts and styles from this origin's files only: no inline script or style, no eval, no
     * plugin, no framing; the API is this origin too.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String ASSETS = "/ui/assets/";

    private final ConsoleAssets assets;

    public ConsoleRoutes(ConsoleAssets assets) {
        this.assets = assets;
    }

    /** @param get mounts a GET route that answers HEAD too */
    public void mount(Function<String, Route> get) {
        get.apply("/").handler(ctx -> redirect(ctx, "/ui/"));
        // Vert.x matches "/ui" with a trailing slash too: only the bare path redirects.
        get.apply("/ui").handler(ctx -> {
            if (ctx.request().path().equals("/ui")) {
                redirect(ctx, "/ui/");
            } else {
                page(ctx);
            }
        });
        get.apply("/ui/assets/*").handler(this::asset);
        get.apply("/ui/*").handler(this::page);
    }

    private static void redirect(RoutingContext ctx, String to) {
        ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, to).putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .end();
    }

    private void asset(RoutingContext ctx) {
        String rest = ctx.request().path().substring(ASSETS.length());
        int slash = rest.indexOf('/');
        ConsoleFile file = slash < 0 || !rest.substring(0, slash).equals(assets.hash()) ? null
                : assets.asset(rest.substring(slash + 1));
        if (file == null) {
            // An asset of another build (a page cached before an upgrade) or no asset at all.
            HttpServerResponse r = ctx.response().setStatusCode(404);
            secure(r).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").putHeader(HttpHeaders.CACHE_CONTROL,
                    "no-cache");
            end(ctx, Buffer.buffer("no such console file\n"));
            return;
        }
        ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, IMMUTABLE);
        send(ctx, file);
    }

    private void page(RoutingContext ctx) {
        String etag = "\"" + assets.hash() + "\"";
        HttpServerResponse r = ctx.response();
        r.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").putHeader(HttpHeaders.ETAG, etag);
        String match = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
        if (match != null && match.contains(etag)) {
            secure(r).setStatusCode(304).end();
            return;
        }
        send(ctx, assets.page());
    }

    private static void send(RoutingContext ctx, ConsoleFile file) {
        HttpServerResponse r = secure(ctx.response());
        r.putHeader(HttpHeaders.CONTENT_TYPE, file.contentType()).putHeader(HttpHeaders.VARY, "Accept-Encoding");
        if (acceptsGzip(ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING)) && file.gzipped().length < file.content().length) {
            r.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
            end(ctx, Buffer.buffer(file.gzipped()));
        } else {
            end(ctx, Buffer.buffer(file.content()));
        }
    }

    /** Whether an Accept-Encoding header lists gzip (or {@code *}) without refusing it with {@code q=0}. */
    static boolean acceptsGzip(String header) {
        if (header == null) {
            return false;
        }
        for (String part : header.split(",")) {
            String[] fields = part.trim().split(";");
            String coding = fields[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (coding.equals("gzip") || coding.equals("*")) {
                for (int i = 1; i < fields.length; i++) {
                    String f = fields[i].replace(" ", "");
                    if (f.startsWith("q=") && f.substring(2).matches("0(\\.0*)?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static HttpServerResponse secure(HttpServerResponse r) {
        return r.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY");
    }

    /** A HEAD answer carries the GET's headers, Content-Length included, and no body. */
    private static void end(RoutingContext ctx, Buffer body) {
        if (ctx.request().method() == HttpMethod.HEAD) {
            ctx.response().putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length())).end();
        } else {
            ctx.response().end(body);
        }
    }
}
