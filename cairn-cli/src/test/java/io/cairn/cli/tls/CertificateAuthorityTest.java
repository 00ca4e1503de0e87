package io.cairn.cli.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.tls.PemFiles;
import io.cairn.api.tls.TlsSource;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code cairn tls ca/cert} write, and how {@link TlsSource} follows those files: a
 * replaced pair is taken at the next look, a key that does not match its certificate leaves the
 * previous pair in force (reported once), and a handshake's chosen alias keeps its material.
 */
class CertificateAuthorityTest {

    private static final Instant NOW = Instant.parse("2026-12-05T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aNodeCertificateNamesItsAddressesAndServesBothSides() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(dir.resolve("ca"), "Test CA", Duration.ofDays(10), NOW);
        Path file = ca.issue(dir.resolve("n1"), "n1", List.of("10.1.2.3", "n1.internal"), Duration.ofDays(5), NOW);
        X509Certificate cert = PemFiles.certificates(file).get(0);
        List<String> names = new ArrayList<>();
        cert.getSubjectAlternativeNames().forEach(n -> names.add(String.valueOf(n.get(1))));
        assertThat(names).contains("localhost", "127.0.0.1", "10.1.2.3", "n1.internal");
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        cert.verify(ca.certificate().getPublicKey());
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(5)));
        assertThat(Files.getPosixFilePermissions(dir.resolve("n1/n1-key.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(ca.certificate().getBasicConstraints()).isZero();
        assertThatThrownBy(() -> CertificateAuthority.create(dir.resolve("ca"), "Again", Duration.ofDays(1), NOW))
                .isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void aTlsSourceFollowsReplacedFilesAndKeepsTheOldPairWhileTheyDoNotMatch() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(dir.resolve("ca"), "Test CA", Duration.ofDays(10), NOW);
        Path cert = ca.issue(dir.resolve("n"), "node", List.of(), Duration.ofDays(5), NOW);
        Path key = dir.resolve("n/node-key.pem");
        AtomicLong nanos = new AtomicLong();
        List<String> problems = new ArrayList<>();
        TlsSource source = new TlsSource(new PemFiles(cert, key, dir.resolve("ca/ca.pem")), nanos::get,
                Duration.ofSeconds(1), problems::add, reloaded -> { });
        String alias = source.keyManager().chooseEngineServerAlias("EC", null, null);
        X509Certificate first = source.keyManager().getCertificateChain(alias)[0];

        // Only the key replaced (a rotation half done): the old pair stays, said once.
        Path otherKey = ca.issue(dir.resolve("other"), "node", List.of(), Duration.ofDays(5), NOW)
                .resolveSibling("node-key.pem");
        Files.copy(otherKey, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(source.keyManager().getCertificateChain(source.keyManager()
                .chooseEngineServerAlias("EC", null, null))[0]).isEqualTo(first);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        source.keyManager().chooseEngineServerAlias("EC", null, null);
        assertThat(problems).hasSize(1).first().asString().contains("previous ones stay in force");

        // Both replaced: the next look takes them; the alias chosen before still names the old chain.
        ca.issue(dir.resolve("n"), "node", List.of(), Duration.ofDays(5), NOW);
        assertThat(source.keyManager().getCertificateChain(source.keyManager()
                .chooseEngineServerAlias("EC", null, null))[0]).as("within a second of the last look").isEqualTo(first);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        X509Certificate second = source.keyManager().getCertificateChain(source.keyManager()
                .chooseEngineServerAlias("EC", null, null))[0];
        assertThat(second).isNotEqualTo(first).isEqualTo(PemFiles.certificates(cert).get(0));
        assertThat(source.keyManager().getCertificateChain(alias)[0]).isEqualTo(first);
        assertThat(source.keyManager().getPrivateKey(alias)).isNotNull();
    }
}
