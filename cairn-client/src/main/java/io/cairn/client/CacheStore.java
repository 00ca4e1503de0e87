package io.cairn.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache directory: one JSON file per service, {@code DIR/NAMESPACE/SERVICE.json}, replaced
 * atomically (written beside it, then renamed), so a crash leaves the old file or the new one,
 * never half of one. Namespace and service names are restricted by the registry to characters
 * that are safe in file names. A file that cannot be read is logged and ignored: the cache then
 * starts empty for that service, as without a directory.
 */
final class CacheStore {

    private static final Logger LOG = LoggerFactory.getLogger(CacheStore.class);

    private final Path directory;
    private final ObjectMapper json;

    CacheStore(Path directory, ObjectMapper json) {
        this.directory = directory;
        this.json = json;
    }

    Optional<CachedService> load(String namespace, String service) {
        Path file = file(namespace, service);
        try {
            CachedService cached = json.readValue(Files.readAllBytes(file), CachedService.class);
            if (cached.format() != CachedService.FORMAT || !service.equals(cached.service())
                    || !namespace.equals(cached.namespace()) || cached.instances() == null) {
                LOG.warn("event=cache-file-ignored file={} reason=not-this-service-or-format", file);
                return Optional.empty();
            }
            return Optional.of(cached);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("event=cache-file-ignored file={} error={}", file, e.toString());
            return Optional.empty();
        }
    }

    void save(CachedService cached) {
        Path file = file(cached.namespace(), cached.service());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.write(temp, json.writeValueAsBytes(cached));
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // The cache directory is a convenience: lookups go on from memory.
            LOG.warn("event=cache-file-not-written file={} error={}", file, e.toString());
        }
    }

    private Path file(String namespace, String service) {
        return directory.resolve(namespace).resolve(service + ".json");
    }
}
