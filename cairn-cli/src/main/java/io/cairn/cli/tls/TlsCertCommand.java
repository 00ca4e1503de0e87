package io.cairn.cli.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn tls cert}: a node (or client) certificate signed by the CA in a directory. */
@Command(name = "cert", mixinStandardHelpOptions = true,
        description = "Sign a certificate NAME.pem with key NAME-key.pem (for --tls-cert/--tls-key, or a client's "
                + "--client-cert/--client-key), valid for server and client use, naming localhost, 127.0.0.1, ::1 "
                + "and every --host. Replaces earlier files of that name: a running node picks them up (rotation).")
public final class TlsCertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--ca-dir", paramLabel = "DIR", required = true,
            description = "Directory of the CA (from cairn tls ca).")
    Path caDir;

    @Option(names = "--name", paramLabel = "NAME", required = true,
            description = "Common name and file name, e.g. node-1.")
    String name;

    @Option(names = "--host", paramLabel = "HOST", split = ",",
            description = "Further host names or IP addresses the certificate names (repeat or separate with commas).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for the files (default: the CA's).")
    Path out;

    @Option(names = "--days", paramLabel = "DAYS", defaultValue = "365",
            description = "Validity in days (default ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() throws Exception {
        if (days < 1) {
            throw new IllegalArgumentException("--days must be at least 1");
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("--name must be letters, digits, '.', '_' or '-' (it names files)");
        }
        CertificateAuthority ca = CertificateAuthority.open(caDir);
        Path file = ca.issue(out != null ? out : caDir, name, hosts, Duration.ofDays(days), Instant.now());
        spec.commandLine().getOut().printf("certificate %s and key %s signed by %s%n", file,
                file.resolveSibling(name + "-key.pem"), ca.certificate().getSubjectX500Principal());
        return 0;
    }
}
