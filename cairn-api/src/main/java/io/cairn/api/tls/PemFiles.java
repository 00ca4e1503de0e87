package io.cairn.api.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Where an endpoint's TLS material is: its certificate chain and private key (PEM; both absent
 * for a client that presents no certificate) and the CA certificates it trusts (PEM, one or
 * more). {@link #load()} reads them once into JDK key and trust managers; {@link TlsSource}
 * reads them again when they change.
 *
 * <p>Formats: certificates as {@code -----BEGIN CERTIFICATE-----} blocks, the node's own first;
 * the key as unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), EC, RSA or Ed25519, as
 * {@code cairn tls cert} and {@code openssl genpkey} write it.
 *
 * @param cert the certificate chain, or null
 * @param key the private key of the chain's first certificate, or null (null exactly when cert is)
 * @param ca the trusted CA certificates; required
 */
public record PemFiles(Path cert, Path key, Path ca) {

    public PemFiles {
        if (ca == null) {
            throw new IllegalArgumentException("a CA certificate file is required for TLS");
        }
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("a certificate and its key go together: give both or neither");
        }
    }

    /** The key and trust managers the files describe, checked (the key matches the certificate). */
    public Loaded load() throws IOException {
        X509ExtendedKeyManager keys = cert == null ? null : keyManager(certificates(cert), privateKey(key));
        return new Loaded(keys, trustManager(certificates(ca)));
    }

    /**
     * What the files held when read.
     *
     * @param keys this endpoint's certificate and key, or null when it presents none
     * @param trust verifies the other side's chain against the CA certificates
     */
    public record Loaded(X509ExtendedKeyManager keys, X509ExtendedTrustManager trust) {
    }

    /** The certificates of a PEM file, in file order; at least one. */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IOException(file + " holds no PEM certificate");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    /** The unencrypted PKCS#8 private key of a PEM file. */
    public static PrivateKey privateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(file + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----); convert "
                    + "one with: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the key is not valid base64", e);
        }
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new IOException(file + ": not an EC, RSA or Ed25519 PKCS#8 key");
    }

    private static X509ExtendedKeyManager keyManager(List<X509Certificate> chain, PrivateKey key) throws IOException {
        requireMatch(chain.get(0), key);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("cairn", key, new char[0], chain.toArray(Certificate[]::new));
            KeyManagerFactory f = KeyManagerFactory.getInstance("PKIX");
            f.init(store, new char[0]);
            for (KeyManager m : f.getKeyManagers()) {
                if (m instanceof X509ExtendedKeyManager x) {
                    return x;
                }
            }
            throw new IOException("the JDK offers no X.509 key manager");
        } catch (GeneralSecurityException e) {
            throw new IOException("could not use the key and certificate: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager trustManager(List<X509Certificate> cas) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
            f.init(store);
            for (TrustManager m : f.getTrustManagers()) {
                if (m instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IOException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IOException("could not use the CA certificates: " + e.getMessage(), e);
        }
    }

    /**
     * Fails unless the key belongs to the certificate: signs a few bytes and verifies them with
     * the certificate's public key. Catches a rotation that replaced one file but not yet the other.
     */
    private static void requireMatch(X509Certificate cert, PrivateKey key) throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "cairn-key-check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(probe);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            if (!v.verify(signature)) {
                throw new IOException("the private key does not belong to the certificate "
                        + cert.getSubjectX500Principal());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("the private key does not belong to the certificate "
                    + cert.getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }
}
