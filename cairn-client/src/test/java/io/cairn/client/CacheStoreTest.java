package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.api.InstanceView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache directory on a real file system: round trip, replacement, and unreadable files. */
class CacheStoreTest {

    @TempDir
    Path dir;

    private CacheStore store() {
        return new CacheStore(dir, JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build());
    }

    private static CachedService cached(long revision, String... ids) {
        List<InstanceView> instances = java.util.Arrays.stream(ids)
                .map(id -> new InstanceView("team-a", "api", id, "10.0.0.1", 80, List.of("t"), Map.of("k", "v"), 5))
                .toList();
        return new CachedService(CachedService.FORMAT, 1_700_000_000_000L, "team-a", "api", revision, instances);
    }

    @Test
    void whatIsSavedIsLoadedBackAndANewerSaveReplacesIt() {
        store().save(cached(3, "a", "b"));
        assertThat(store().load("team-a", "api")).contains(cached(3, "a", "b"));
        store().save(cached(4, "b"));
        assertThat(store().load("team-a", "api")).contains(cached(4, "b"));
        assertThat(dir.resolve("team-a").resolve("api.json")).exists();
        assertThat(dir.resolve("team-a").resolve("api.json.tmp")).doesNotExist();
        assertThat(store().load("team-a", "other")).isEmpty();
        assertThat(store().load("other-ns", "api")).isEmpty();
    }

    @Test
    void aDamagedOrForeignFileIsIgnored() throws Exception {
        Files.createDirectories(dir.resolve("team-a"));
        Files.writeString(dir.resolve("team-a").resolve("api.json"), "{\"format\":1,\"namespace\":");
        assertThat(store().load("team-a", "api")).isEmpty();
        store().save(cached(3, "a"));
        Files.move(dir.resolve("team-a").resolve("api.json"), dir.resolve("team-a").resolve("web.json"));
        assertThat(store().load("team-a", "web")).isEmpty(); // it says it is "api"
    }
}
