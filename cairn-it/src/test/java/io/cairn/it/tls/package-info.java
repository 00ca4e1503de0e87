/**
 * TLS on real node processes (docs/security.md, "Encryption"): certificates made by
 * {@code cairn tls ca/cert} in each test's temporary directory (never committed); a TLS cluster
 * forming and replicating, a node of another CA refused, plaintext and TLS 1.1 refused cleanly,
 * rotation without restart, the Java client and the CLI over TLS.
 */
package io.cairn.it.tls;
