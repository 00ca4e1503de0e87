package io.cairn.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.api.CatalogExport;
import io.cairn.client.CairnClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cairn export FILE}: the whole catalog as JSON, for a backup or a move to another cluster. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write every instance of every namespace to FILE (JSON), read from each partition's "
                + "leader through the node. `cairn import FILE` registers them again, here or on another cluster. "
                + "Each service is exported as of one revision; the file is not one moment across services.")
final class ExportCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the export ('-' for standard output).")
    String file;

    @Override
    void run(CairnClient registry, PrintWriter out) {
        CatalogExport export = registry.export();
        try {
            byte[] json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsBytes(export);
            if (file.equals("-")) {
                out.println(new String(json, java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            // Written beside the target and moved into place: a failed export leaves no half file.
            Path target = Path.of(file).toAbsolutePath();
            Path partial = Files.createTempFile(target.getParent(), ".cairn-export-", ".partial");
            try {
                Files.write(partial, json);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export to " + file + ": " + e.getMessage(), e);
        }
        long services = export.instances().stream().map(i -> i.namespace() + '/' + i.service()).distinct().count();
        out.printf("exported %d instances of %d services to %s%n", export.instances().size(), services, file);
    }
}
