/**
 * {@code cairn tls ca} and {@code cairn tls cert}: a CA and node certificates for a test or
 * small cluster, made with Bouncy Castle ({@link io.cairn.cli.tls.CertificateAuthority}). Files
 * are PEM (keys unencrypted PKCS#8, readable by the node and the client, written owner-only);
 * node certificates serve as both server and client certificates, since nodes call each other.
 */
package io.cairn.cli.tls;
