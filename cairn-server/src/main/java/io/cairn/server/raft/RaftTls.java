package io.cairn.server.raft;

import io.cairn.api.tls.TlsPolicy;
import io.cairn.api.tls.TlsSource;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.SslProvider;

/**
 * Raft's gRPC over mutual TLS. One {@link GrpcTlsConfig} (Ratis's {@code GrpcConfigKeys.TLS},
 * the default for its server, client and admin channels, which share the Raft port) carries
 * the node's {@link TlsSource} key and trust managers: a replica accepts only peers whose
 * certificate the cluster's CA signed, and presents its own when it calls one; a caller also
 * checks that the peer's certificate names the address it dialled (gRPC's host name check).
 *
 * <p>Rotation: Ratis builds its Netty {@code SslContext} once at start from these managers,
 * and the managers consult the current PEM files at every handshake; so a replaced certificate
 * or CA file is used by every new gRPC connection without a restart. gRPC keeps its channels
 * open for long, so established connections between replicas go on with the session they
 * negotiated (under the old certificate) until they are re-established, e.g. after a network
 * error or a restart of either side. The JDK TLS provider is forced (Ratis would otherwise prefer
 * OpenSSL on the server when netty-tcnative is present), so Raft's handshakes run on the same
 * engine and policy as the HTTP side's, whatever is on the class path.
 */
final class RaftTls {

    private RaftTls() {
    }

    /** Ratis parameters with mutual TLS from {@code tls}, or empty ones (plain gRPC) for null. */
    static Parameters parameters(TlsSource tls) {
        Parameters parameters = new Parameters();
        if (tls != null) {
            GrpcTlsConfig config = GrpcTlsConfig.newBuilder()
                    .setKeyManager(tls.keyManager())
                    .setTrustManager(tls.trustManager())
                    .setMutualTls(true)
                    .setSslProvider(SslProvider.JDK)
                    .setProtocols(TlsPolicy.PROTOCOLS)
                    .setCipherSuites(TlsPolicy.CIPHER_SUITES)
                    .build();
            GrpcConfigKeys.TLS.setConf(parameters, config);
        }
        return parameters;
    }
}
