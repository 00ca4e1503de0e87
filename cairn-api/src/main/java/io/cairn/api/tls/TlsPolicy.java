package io.cairn.api.tls;

import java.util.List;
import javax.net.ssl.SSLParameters;

/**
 * The protocols and cipher suites every TLS endpoint of Cairn allows, server and client alike:
 * TLS 1.3 and 1.2 only (1.0 and 1.1 are refused even where the JDK would still allow them), and
 * only ephemeral (EC)DHE key exchange with AEAD ciphers (AES-GCM, ChaCha20-Poly1305), so every
 * session is forward secret and no CBC or RSA key-exchange suite is ever negotiated.
 */
public final class TlsPolicy {

    /** Newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** TLS 1.3 suites first, then the TLS 1.2 ECDHE AEAD suites, in order of preference. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsPolicy() {
    }

    /**
     * Parameters for a JDK client ({@code java.net.http}): the policy's protocols and suites, and
     * host name verification (the server's certificate must name the host dialled).
     */
    public static SSLParameters clientParameters() {
        SSLParameters p = new SSLParameters(CIPHER_SUITES.toArray(String[]::new), PROTOCOLS.toArray(String[]::new));
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }
}
