package io.cairn.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a node serves the web console: paths, content types, caching, compression, security headers. */
class ConsoleServingTest {

    @TempDir
    static Path dir;

    private static TestServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, 2).start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** The page's asset folder, /ui/assets/HASH. */
    private static String assetRoot() throws Exception {
        Matcher m = Pattern.compile("href=\"(/ui/assets/[0-9a-f]{12})/app\\.css\"").matcher(text(get("/ui/")));
        assertThat(m.find()).as("the page links its stylesheet under a hashed folder").isTrue();
        return m.group(1);
    }

    @Test
    void theRootAndBareConsolePathRedirectToTheConsole() throws Exception {
        for (String path : new String[] {"/", "/ui"}) {
            HttpResponse<byte[]> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).contains("/ui/");
        }
    }

    @Test
    void everyConsolePathIsThePageRevalidatedEachTimeWithAPolicyThatForbidsInlineScript() throws Exception {
        for (String path : new String[] {"/ui/", "/ui/cluster", "/ui/node", "/ui/services/web?ns=prod", "/ui/no/such/view"}) {
            HttpResponse<byte[]> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(r.headers().firstValue("Cache-Control")).contains("no-cache");
            String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(text(r)).contains("<script type=\"module\" src=\"/ui/assets/").doesNotContain("{{assets}}");
        }
        HttpResponse<byte[]> page = get("/ui/");
        String etag = page.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/ui/cluster", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void assetsHaveTheirTypesAreCachedForeverAndAreGzippedWhenAccepted() throws Exception {
        String root = assetRoot();
        HttpResponse<byte[]> js = get(root + "/app.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(js.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        assertThat(js.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(get(root + "/app.css").headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
        assertThat(get(root + "/icon.svg").headers().firstValue("Content-Type")).contains("image/svg+xml");

        HttpResponse<byte[]> zipped = get(root + "/services.js", "Accept-Encoding", "gzip, deflate");
        assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(zipped.headers().firstValue("Vary")).contains("Accept-Encoding");
        byte[] plain = get(root + "/services.js").body();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain);
        }
        assertThat(zipped.body().length).isLessThan(plain.length);
        assertThat(get(root + "/services.js", "Accept-Encoding", "gzip;q=0").headers().firstValue("Content-Encoding"))
                .isEmpty();
    }

    @Test
    void anAssetOfAnotherBuildOrNoAssetIsNotFound() throws Exception {
        assertThat(get("/ui/assets/000000000000/app.js").statusCode()).isEqualTo(404);
        assertThat(get(assetRoot() + "/nothing.js").statusCode()).isEqualTo(404);
        assertThat(get(assetRoot() + "/../index.html").statusCode()).isIn(400, 404);
    }

    @Test
    void theApiIsNotCompressed() throws Exception {
        HttpResponse<byte[]> r = get("/v1/services", "Accept-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void acceptEncodingIsReadAsRfc9110Says() {
        assertThat(ConsoleRoutes.acceptsGzip("gzip")).isTrue();
        assertThat(ConsoleRoutes.acceptsGzip("br, GZIP;q=0.5")).isTrue();
        assertThat(ConsoleRoutes.acceptsGzip("*")).isTrue();
        assertThat(ConsoleRoutes.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(ConsoleRoutes.acceptsGzip("gzip; q=0.000")).isFalse();
        assertThat(ConsoleRoutes.acceptsGzip("deflate, br")).isFalse();
        assertThat(ConsoleRoutes.acceptsGzip(null)).isFalse();
    }
}
