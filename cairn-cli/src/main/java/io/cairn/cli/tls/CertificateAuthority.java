package io.cairn.cli.tls;

import io.cairn.api.tls.PemFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority kept as two PEM files ({@code ca.pem}, {@code ca-key.pem}) in a
 * directory, and the node certificates it signs. Keys are ECDSA P-256, signatures SHA-256.
 *
 * <p>A node certificate names the node's addresses as subject alternative names (always
 * {@code localhost}, {@code 127.0.0.1} and {@code ::1}, plus those given: IP literals as IP
 * names, others as DNS names) and allows both server and client use. Validity starts an hour
 * back, so nodes whose clocks differ a little accept it at once.
 */
public final class CertificateAuthority {

    public static final String CA_CERT = "ca.pem";
    public static final String CA_KEY = "ca-key.pem";
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration BACKDATE = Duration.ofHours(1);

    private final X509Certificate certificate;
    private final PrivateKey key;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /**
     * Creates a new CA in {@code dir} (created if missing).
     *
     * @throws FileAlreadyExistsException when the directory already holds a CA: it is never overwritten
     */
    public static CertificateAuthority create(Path dir, String name, Duration validity, Instant now)
            throws IOException {
        Files.createDirectories(dir);
        for (String f : List.of(CA_CERT, CA_KEY)) {
            if (Files.exists(dir.resolve(f))) {
                throw new FileAlreadyExistsException(dir.resolve(f).toString(), null, "a CA is already there");
            }
        }
        KeyPair pair = newKeyPair();
        X500Name subject = cn(name);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = sign(b, pair.getPrivate());
            write(dir.resolve(CA_KEY), pem(new JcaPKCS8Generator(pair.getPrivate(), null)), true);
            write(dir.resolve(CA_CERT), pem(cert), false);
            return new CertificateAuthority(cert, pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IOException("could not make the CA: " + e.getMessage(), e);
        }
    }

    /** The CA kept in {@code dir}. */
    public static CertificateAuthority open(Path dir) throws IOException {
        Path cert = dir.resolve(CA_CERT);
        Path key = dir.resolve(CA_KEY);
        if (!Files.exists(cert) || !Files.exists(key)) {
            throw new IOException("no CA in " + dir + " (expected " + CA_CERT + " and " + CA_KEY
                    + "; create one with: cairn tls ca --dir " + dir + ")");
        }
        return new CertificateAuthority(PemFiles.certificates(cert).get(0), PemFiles.privateKey(key));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Signs a new certificate for {@code name} and writes it as {@code NAME.pem} and its key as
     * {@code NAME-key.pem} in {@code dir}, replacing earlier ones (the new files are written
     * beside and moved over them, so a node reading them sees the old pair or the new one).
     *
     * @param hosts further addresses the certificate names (host names or IP literals)
     * @return the certificate file; its key file is beside it
     */
    public Path issue(Path dir, String name, List<String> hosts, Duration validity, Instant now) throws IOException {
        Files.createDirectories(dir);
        KeyPair pair = newKeyPair();
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        names.addAll(hosts);
        List<GeneralName> alt = new ArrayList<>();
        for (String h : names) {
            alt.add(isIpLiteral(h) ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(h).getHostAddress())
                    : new GeneralName(GeneralName.dNSName, h));
        }
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), cn(name), pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(alt.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(certificate));
            X509Certificate cert = sign(b, key);
            Path certFile = dir.resolve(name + ".pem");
            // Key first: a node that looks between the two moves sees a key that does not match
            // the old certificate, refuses the change and keeps the old pair until both are new.
            write(dir.resolve(name + "-key.pem"), pem(new JcaPKCS8Generator(pair.getPrivate(), null)), true);
            write(certFile, pem(cert), false);
            return certFile;
        } catch (GeneralSecurityException e) {
            throw new IOException("could not make the certificate: " + e.getMessage(), e);
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static X500Name cn(String name) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
    }

    private static KeyPair newKeyPair() throws IOException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("the JDK cannot make EC P-256 keys", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE)
                    .build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

    /** Writes beside and moves over, owner-only for keys (where the file system has permissions). */
    private static void write(Path file, String text, boolean secret) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        if (secret) {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its own permissions apply
            }
        }
        Files.write(tmp, text.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
