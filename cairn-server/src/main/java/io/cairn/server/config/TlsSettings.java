package io.cairn.server.config;

import io.cairn.api.tls.PemFiles;
import java.nio.file.Path;

/**
 * TLS of a node (docs/security.md, "Encryption"): the slice of {@link ServerConfig} that the
 * HTTP server, the calls between nodes and Raft read. TLS is on when the three files are given,
 * off when none is; any other mix is refused, so a node never runs half encrypted by mistake.
 *
 * @param cert the node's PEM certificate chain, or null
 * @param key its PKCS#8 PEM private key, or null
 * @param ca the PEM certificates of the CA that signs the cluster's nodes, or null
 * @param requireClientCerts whether every HTTP client must present a certificate of {@code ca};
 *     when false, clients may present one, and the endpoints only nodes call
 *     ({@code /v1/cluster/join}, {@code /v1/cluster/local}) still require it. Raft always does.
 */
public record TlsSettings(Path cert, Path key, Path ca, boolean requireClientCerts) {

    public static final String REQUEST = "request";
    public static final String REQUIRE = "require";

    public TlsSettings {
        int given = (cert == null ? 0 : 1) + (key == null ? 0 : 1) + (ca == null ? 0 : 1);
        if (given != 0 && given != 3) {
            throw new IllegalArgumentException("TLS needs tls-cert, tls-key and tls-ca together (got "
                    + (cert == null ? "" : "tls-cert ") + (key == null ? "" : "tls-key ") + (ca == null ? "" : "tls-ca ")
                    + "only)");
        }
    }

    /** No TLS: plain HTTP and Raft (the default). */
    public static TlsSettings off() {
        return new TlsSettings(null, null, null, false);
    }

    public boolean enabled() {
        return cert != null;
    }

    /** The files, for loading; only when {@link #enabled()}. */
    public PemFiles files() {
        return new PemFiles(cert, key, ca);
    }
}
