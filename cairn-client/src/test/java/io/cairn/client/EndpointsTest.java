package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Address parsing, failing over to the next address, and spreading clients over the list. */
class EndpointsTest {

    private static final List<String> THREE = List.of("http://127.0.0.1:1", "http://127.0.0.2:2/", "http://127.0.0.3:3");

    @Test
    void refusesWhatIsNotAnHttpOrHttpsUrlNamingTheAddress() {
        assertThatThrownBy(() -> new Endpoints(List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new Endpoints(List.of("127.0.0.1:7470"))).hasMessageContaining("'127.0.0.1:7470'")
                .hasMessageContaining("http or https URL");
        assertThat(new Endpoints(List.of("https://x:1")).current()).isEqualTo(URI.create("https://x:1"));
        assertThatThrownBy(() -> new Endpoints(List.of(" "))).hasMessageContaining("empty");
        assertThatThrownBy(() -> Cairn.builder().addresses("ftp://a")).hasMessageContaining("'ftp://a'");
    }

    @Test
    void aFailureMovesToTheNextAddressAndWrapsAround() {
        Endpoints e = new Endpoints(THREE);
        URI first = e.current();
        Set<URI> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            seen.add(e.current());
            e.failed(e.current());
        }
        assertThat(seen).containsExactlyInAnyOrder(URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.2:2"),
                URI.create("http://127.0.0.3:3"));
        assertThat(e.current()).isEqualTo(first);
    }

    @Test
    void aFailureReportedForAnAddressNoLongerCurrentIsIgnored() {
        Endpoints e = new Endpoints(THREE);
        URI first = e.current();
        e.failed(first);
        URI second = e.current();
        e.failed(first); // a second caller that failed on the first address too
        assertThat(e.current()).isEqualTo(second);
    }

    @Test
    void clientsStartAtRandomAddressesSoTheyDoNotAllLoadTheFirst() {
        int[] starts = new int[3];
        for (int i = 0; i < 3000; i++) {
            starts[new Endpoints(THREE).current().getPort() - 1]++;
        }
        assertThat(java.util.Arrays.stream(starts).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
    }
}
