package io.cairn.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.Version;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The server uses Netty directly (the DNS socket) and through Vert.x; the root pom pins Netty
 * for the first, Vert.x brings its own for the second. Mixed Netty versions fail in odd ways at
 * run time, so a Vert.x upgrade without the matching {@code netty.version} fails here instead.
 */
class NettyVersionTest {

    @Test
    void everyNettyJarIsOfOneVersion() {
        Map<String, Version> jars = Version.identify();
        assertThat(jars).isNotEmpty();
        assertThat(jars.values().stream().map(Version::artifactVersion).collect(Collectors.toSet()))
                .as("Netty artifacts and versions: %s", jars).hasSize(1);
    }
}
