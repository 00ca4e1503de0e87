package io.cairn.server.tls;

import io.cairn.api.time.Ticker;
import io.cairn.api.tls.TlsPolicy;
import io.cairn.api.tls.TlsSource;
import io.cairn.server.config.TlsSettings;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.util.LinkedHashSet;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's TLS, or its absence: applies the node's certificate, CA and the protocol policy to
 * Vert.x server and client options. When off, options pass through unchanged.
 *
 * <p>Rotation: the options carry {@link TlsSource}'s key and trust managers, which read the PEM
 * files again (at most once a second, on a handshake) when they change; so new connections use
 * the new certificate with no restart and no {@code updateSSLOptions} call, and the HTTP server,
 * the clients between nodes and Raft all follow the same files at once.
 */
public final class NodeTls {

    private static final Logger LOG = LoggerFactory.getLogger(NodeTls.class);

    private final TlsSettings settings;
    private final TlsSource source;

    private NodeTls(TlsSettings settings, TlsSource source) {
        this.settings = settings;
        this.source = source;
    }

    /**
     * Reads the node's TLS files (when TLS is on), so a node with unusable files fails at start.
     *
     * @throws IOException naming the file that cannot be used
     */
    public static NodeTls open(TlsSettings settings, Ticker ticker) throws IOException {
        if (!settings.enabled()) {
            return new NodeTls(settings, null);
        }
        TlsSource source = new TlsSource(settings.files(), ticker, TlsSource.DEFAULT_CHECK_EVERY,
                problem -> LOG.warn("event=tls-reload-failed {}", problem),
                done -> LOG.info("event=tls-reloaded files={}", settings.files()));
        return new NodeTls(settings, source);
    }

    public boolean enabled() {
        return source != null;
    }

    /** The followed files, or null when TLS is off; Raft takes its managers from here. */
    public TlsSource source() {
        return source;
    }

    /** {@code https} or {@code http}: how clients and the serving line name this node's API. */
    public String scheme() {
        return enabled() ? "https" : "http";
    }

    /**
     * The HTTP server's options with TLS: HTTP/2 and HTTP/1.1 offered by ALPN, client
     * certificates requested (or required, per {@code tls-client-auth}) and verified against the CA.
     */
    public HttpServerOptions secure(HttpServerOptions options) {
        if (!enabled()) {
            return options;
        }
        options.setSsl(true).setUseAlpn(true)
                .setKeyCertOptions(KeyCertOptions.wrap(source.keyManager()))
                .setTrustOptions(TrustOptions.wrap(source.trustManager()))
                .setClientAuth(settings.requireClientCerts() ? ClientAuth.REQUIRED : ClientAuth.REQUEST)
                .setEnabledSecureTransportProtocols(new LinkedHashSet<>(TlsPolicy.PROTOCOLS));
        TlsPolicy.CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
        return options;
    }

    /**
     * A client's options with TLS: the node's certificate presented, the other node's verified
     * against the CA and its host name (the address dialled must be in its certificate).
     */
    public HttpClientOptions secure(HttpClientOptions options) {
        if (!enabled()) {
            return options;
        }
        options.setSsl(true).setUseAlpn(true).setVerifyHost(true)
                .setKeyCertOptions(KeyCertOptions.wrap(source.keyManager()))
                .setTrustOptions(TrustOptions.wrap(source.trustManager()))
                .setEnabledSecureTransportProtocols(new LinkedHashSet<>(TlsPolicy.PROTOCOLS));
        TlsPolicy.CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
        return options;
    }

    /**
     * Whether a request may call an endpoint that only nodes call: always without TLS (nothing
     * to check), else only over a connection whose client presented a certificate the CA
     * signed (TLS verified it during the handshake).
     */
    public boolean fromNode(HttpConnection connection) {
        if (!enabled()) {
            return true;
        }
        if (!connection.isSsl()) {
            return false;
        }
        try {
            return !connection.peerCertificates().isEmpty();
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }
}
