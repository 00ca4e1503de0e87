package io.cairn.cli.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn tls ca}: a new CA in a directory; never overwrites one. */
@Command(name = "ca", mixinStandardHelpOptions = true,
        description = "Create a CA (ca.pem, ca-key.pem) in --dir. Keep ca-key.pem secret; give ca.pem to nodes "
                + "(--tls-ca) and clients (--ca-cert).")
public final class TlsCaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", required = true, description = "Directory for the CA's files.")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "Cairn CA",
            description = "The CA's common name (default ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--days", paramLabel = "DAYS", defaultValue = "3650",
            description = "Validity in days (default ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() throws Exception {
        if (days < 1) {
            throw new IllegalArgumentException("--days must be at least 1");
        }
        CertificateAuthority ca = CertificateAuthority.create(dir, name, Duration.ofDays(days), Instant.now());
        spec.commandLine().getOut().printf("CA %s written to %s (%s, %s)%n", ca.certificate().getSubjectX500Principal(),
                dir, CertificateAuthority.CA_CERT, CertificateAuthority.CA_KEY);
        return 0;
    }
}
