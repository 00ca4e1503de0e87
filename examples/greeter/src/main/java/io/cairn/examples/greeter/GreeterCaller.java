package io.cairn.examples.greeter;

import io.cairn.api.InstanceView;
import io.cairn.client.Cairn;
import io.cairn.client.balance.Failover;
import io.cairn.client.balance.FailoverPolicy;
import io.cairn.client.balance.LoadBalancer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls the greeter service through the client library: its instances come from the cache, a
 * power-of-two-choices balancer picks one per call, and a call that cannot reach its instance is
 * retried on another (that instance is skipped for 10 s).
 *
 * <p>Run: {@code java -cp 'examples/greeter/target/greeter.jar:examples/greeter/target/lib/*'
 * io.cairn.examples.greeter.GreeterCaller [CALLS] [REGISTRY-URL...]}
 */
public final class GreeterCaller {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    /** Makes {@code calls} calls and returns the answers. */
    public List<String> run(Cairn cairn, int calls) {
        Failover greeter = cairn.failover("greeter", LoadBalancer.powerOfTwoChoices(), FailoverPolicy.defaults());
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            String name = "caller-" + i;
            answers.add(greeter.call(instance -> hello(instance, name)));
        }
        return answers;
    }

    private String hello(InstanceView instance, String name) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + instance.address() + ":" + instance.port() + "/hello?name=" + name);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(uri + " answered " + r.statusCode());
        }
        return r.body();
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<String> registry = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("http://127.0.0.1:7470");
        // A registry with ACLs on needs a token (read on greeter): CAIRN_TOKEN, as for the cairn command.
        try (Cairn cairn = Cairn.builder().addresses(registry).token(System.getenv("CAIRN_TOKEN")).build()) {
            new GreeterCaller().run(cairn, calls).forEach(System.out::println);
        }
    }
}
