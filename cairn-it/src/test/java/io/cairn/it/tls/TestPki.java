package io.cairn.it.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.tls.PemFiles;
import io.cairn.api.tls.TlsSource;
import io.cairn.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Certificates for a test, made through the {@code cairn tls} commands themselves: a CA in
 * {@code root/NAME}, certificates beside it. Nothing here is kept after the test.
 */
final class TestPki {

    private TestPki() {
    }

    /** Runs {@code cairn ARGS} in this JVM and fails the test on a non-zero exit. */
    static String cairn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as("cairn %s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    /** A new CA in {@code dir}; returns its certificate file. */
    static Path ca(Path dir) {
        cairn("tls", "ca", "--dir", dir.toString());
        return dir.resolve("ca.pem");
    }

    /** A certificate {@code NAME.pem} (and {@code NAME-key.pem}) signed by the CA in {@code caDir}, written to {@code out}. */
    static PemFiles cert(Path caDir, String name, Path out) {
        cairn("tls", "cert", "--ca-dir", caDir.toString(), "--name", name, "--out", out.toString());
        return new PemFiles(out.resolve(name + ".pem"), out.resolve(name + "-key.pem"), caDir.resolve("ca.pem"));
    }

    /** The {@code --tls-*} flags of a node with these files. */
    static List<String> nodeFlags(PemFiles files) {
        return new ArrayList<>(List.of("--tls-cert", files.cert().toString(), "--tls-key", files.key().toString(),
                "--tls-ca", files.ca().toString()));
    }

    /** A JDK TLS context that trusts {@code ca} and presents {@code client} (or nothing, for null). */
    static SSLContext context(Path ca, PemFiles client) {
        try {
            return TlsSource.fixed(client == null ? new PemFiles(null, null, ca)
                    : new PemFiles(client.cert(), client.key(), ca)).sslContext();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
