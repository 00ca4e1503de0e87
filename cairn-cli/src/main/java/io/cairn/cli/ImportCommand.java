package io.cairn.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.api.CatalogExport;
import io.cairn.api.InstanceRequest;
import io.cairn.api.InstanceView;
import io.cairn.api.WriteResult;
import io.cairn.client.CairnClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn import FILE}: registers every instance of an export. Each is an ordinary
 * registration (same validation, same answers), so importing twice changes nothing the second
 * time, and an instance the file and the registry disagree on takes the file's content.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Register every instance of an export written by `cairn export` (an ordinary registration "
                + "each: importing the same file again changes nothing). Ephemeral instances are registered with "
                + "their TTL and leave again unless their owners heartbeat.")
final class ImportCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The export to read.")
    Path file;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
            description = "Registrations in flight at once, 1-256 (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Override
    void run(CairnClient registry, PrintWriter out) {
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("--concurrency must be 1-256, got " + concurrency);
        }
        CatalogExport export = read(file);
        Semaphore slots = new Semaphore(concurrency);
        AtomicInteger changed = new AtomicInteger();
        AtomicInteger unchanged = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<WriteResult>> pending = new ArrayList<>();
        for (InstanceView i : export.instances()) {
            slots.acquireUninterruptibly();
            CompletableFuture<WriteResult> f = registry.registerAsync(i.namespace(), i.service(), i.id(),
                    InstanceRequest.of(i));
            pending.add(f.whenComplete((r, e) -> {
                slots.release();
                if (e != null) {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    failures.add(i.namespace() + "/" + i.service() + "/" + i.id() + ": " + cause.getMessage());
                } else if (r.changed()) {
                    changed.incrementAndGet();
                } else {
                    unchanged.incrementAndGet();
                }
            }));
        }
        for (CompletableFuture<WriteResult> f : pending) {
            f.exceptionally(e -> null).join();
        }
        out.printf("imported %d instances from %s: %d changed, %d already so, %d failed%n",
                export.instances().size(), file, changed.get(), unchanged.get(), failures.size());
        for (String f : failures.subList(0, Math.min(10, failures.size()))) {
            out.println("  failed: " + f);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " of " + export.instances().size()
                    + " instances were not imported (the first are listed above)");
        }
    }

    /** Reads and checks an export file; a wrong file is a usage error naming what is wrong. */
    static CatalogExport read(Path file) {
        CatalogExport export;
        try {
            export = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                    .readValue(Files.readAllBytes(file), CatalogExport.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " as a Cairn export: " + e.getMessage(), e);
        }
        if (export == null || export.format() != CatalogExport.FORMAT || export.instances() == null) {
            throw new IllegalArgumentException(file + " is not a Cairn export of format " + CatalogExport.FORMAT
                    + (export == null ? "" : " (its format is " + export.format() + ")"));
        }
        return export;
    }
}
