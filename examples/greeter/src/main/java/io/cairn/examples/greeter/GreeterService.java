package io.cairn.examples.greeter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cairn.api.InstanceRequest;
import io.cairn.client.Cairn;
import io.cairn.client.Registration;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A service that registers itself: {@code GET /hello?name=N} answers {@code hello N from ID}.
 *
 * <p>Run (with {@code ./cairn server} running): {@code java -cp
 * 'examples/greeter/target/greeter.jar:examples/greeter/target/lib/*'
 * io.cairn.examples.greeter.GreeterService [PORT] [REGISTRY-URL...]}; stop it with Ctrl-C, which
 * deregisters it.
 */
public final class GreeterService implements AutoCloseable {

    private final int port;
    private final List<String> registry;
    private final String token;
    private HttpServer http;
    private Cairn cairn;
    private Registration registration;

    /**
     * @param port the HTTP port, 0 for any free one
     * @param registry the registry addresses
     */
    public GreeterService(int port, List<String> registry) {
        this(port, registry, null);
    }

    /**
     * @param token the registry token (a registry with ACLs on; it needs write on {@code greeter}),
     *     or null
     */
    public GreeterService(int port, List<String> registry, String token) {
        this.port = port;
        this.registry = registry;
        this.token = token;
    }

    /** Serves, then registers: an instance is listed only once it can answer. */
    public GreeterService start() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        http.createContext("/hello", this::hello);
        http.start();
        int actual = http.getAddress().getPort();
        cairn = Cairn.builder().addresses(registry).token(token).build();
        registration = cairn.register("greeter",
                new InstanceRequest("127.0.0.1", actual, List.of("example"), Map.of("version", "1"), 100));
        return this;
    }

    public String id() {
        return registration.id();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private void hello(HttpExchange exchange) throws IOException {
        String name = query(exchange.getRequestURI(), "name");
        byte[] body = ("hello " + (name == null ? "world" : name) + " from " + registration.id())
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String query(URI uri, String key) {
        String q = uri.getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(key)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Stops answering without deregistering: what a crash looks like to its callers. */
    public void crash() {
        http.stop(0);
    }

    /** Deregisters, then stops serving. */
    @Override
    public void close() {
        if (cairn != null) {
            cairn.close();
        }
        if (http != null) {
            http.stop(0);
        }
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        List<String> registry = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("http://127.0.0.1:7470");
        // A registry with ACLs on needs a token: CAIRN_TOKEN, as for the cairn command.
        GreeterService service = new GreeterService(port, registry, System.getenv("CAIRN_TOKEN")).start();
        System.out.println("greeter " + service.id() + " serving on http://127.0.0.1:" + service.port() + "/hello");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
