package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpMethod;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegisterWorkloadTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theFirstPassRegistersEveryKeyOnceRotatingOverServices() {
        RegisterWorkload workload = new RegisterWorkload("s-", 3, 4, 1, Long.MAX_VALUE);
        Set<String> uris = new HashSet<>();
        for (long seq = 0; seq < workload.keys(); seq++) {
            uris.add(workload.request(seq).uri());
        }

        assertThat(uris).hasSize(12);
        assertThat(workload.request(0).uri()).startsWith("/v1/services/s-00000/instances/");
        assertThat(workload.request(1).uri()).startsWith("/v1/services/s-00001/instances/");
        assertThat(workload.request(3).uri()).startsWith("/v1/services/s-00000/instances/")
                .isNotEqualTo(workload.request(0).uri());
    }

    @Test
    void serviceNamesArePaddedToFiveDigitsAndGrowPastThem() {
        RegisterWorkload workload = new RegisterWorkload("s-", 200_000, 1, 0, Long.MAX_VALUE);

        assertThat(workload.serviceName(0)).isEqualTo("s-00000");
        assertThat(workload.serviceName(7)).isEqualTo("s-00007");
        assertThat(workload.serviceName(4321)).isEqualTo("s-04321");
        assertThat(workload.serviceName(99_999)).isEqualTo("s-99999");
        assertThat(workload.serviceName(123_456)).isEqualTo("s-123456");
    }

    @Test
    void aLaterPassReplacesTheSameInstanceWithDifferentContent() throws Exception {
        RegisterWorkload workload = new RegisterWorkload("s-", 3, 4, 1, Long.MAX_VALUE);
        BenchRequest first = workload.request(5);
        BenchRequest again = workload.request(5 + workload.keys());

        assertThat(again.uri()).isEqualTo(first.uri());
        assertThat(body(again).path("meta").path("version").asText())
                .isNotEqualTo(body(first).path("meta").path("version").asText());
    }

    @Test
    void bodiesAreRealisticInstances() throws Exception {
        BenchRequest request = new RegisterWorkload("s-", 10, 10, 0, Long.MAX_VALUE).request(42);
        JsonNode body = body(request);

        assertThat(request.method()).isEqualTo(HttpMethod.PUT);
        assertThat(request.uri().substring(request.uri().lastIndexOf('/') + 1)).hasSize(36);
        assertThat(body.path("address").asText()).matches("10\\.\\d+\\.\\d+\\.\\d+");
        assertThat(body.path("tags")).hasSize(2);
        assertThat(body.path("meta").size()).isEqualTo(2);
        assertThat(body.path("port").asInt()).isBetween(1, 65535);
    }

    @Test
    void generationsNeverWriteTheSameContent() throws Exception {
        JsonNode one = body(new RegisterWorkload("s-", 2, 2, 1, Long.MAX_VALUE).request(0));
        JsonNode two = body(new RegisterWorkload("s-", 2, 2, 2, Long.MAX_VALUE).request(0));

        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void isExhaustedAtItsLimit() {
        RegisterWorkload once = RegisterWorkload.once("s-", 2, 3);

        assertThat(once.request(5)).isNotNull();
        assertThat(once.request(6)).isNull();
    }

    private JsonNode body(BenchRequest request) throws Exception {
        return json.readTree(request.jsonBody().getBytes());
    }
}
