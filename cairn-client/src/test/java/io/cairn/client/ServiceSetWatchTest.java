package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How many services one shared stream takes before the caller must open another. */
class ServiceSetWatchTest {

    private static String nowhere() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    @Test
    void aStreamTakesAThousandShortNamesAndThenRefuses() throws Exception {
        try (CairnClient client = new CairnClient(nowhere(), Duration.ofSeconds(1))) {
            ServiceSetWatch set = client.watchSet("default");
            for (int i = 0; i < ServiceSetWatch.MAX_SERVICES; i++) {
                assertThat(set.tryAdd("s" + i, -1, new WatchListener() { })).as("service %d", i).isTrue();
            }
            assertThat(set.tryAdd("one-more", -1, new WatchListener() { })).isFalse();
            assertThat(set.size()).isEqualTo(ServiceSetWatch.MAX_SERVICES);
        }
    }

    @Test
    void longNamesFillAStreamByTheLengthOfItsQuery() throws Exception {
        try (CairnClient client = new CairnClient(nowhere(), Duration.ofSeconds(1))) {
            ServiceSetWatch set = client.watchSet("default");
            String longName = "x".repeat(125);
            int added = 0;
            while (set.tryAdd(longName + added, -1, new WatchListener() { })) {
                added++;
            }
            // 128-character names: about 200 fit, each in "&service=" and in since with its revision
            assertThat(added).isBetween(200, 300);
        }
    }
}
