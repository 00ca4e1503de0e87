/**
 * TLS as Cairn's server, its nodes and its client use it: certificates and keys read from PEM
 * files ({@link io.cairn.api.tls.PemFiles}), the one protocol and cipher policy
 * ({@link io.cairn.api.tls.TlsPolicy}: TLS 1.2 and 1.3, forward-secret AEAD suites only), and
 * key and trust managers that follow the files when they are replaced
 * ({@link io.cairn.api.tls.TlsSource}), so a certificate rotates without a restart. It lives in
 * cairn-api because the server and the client both need it and the client may depend on nothing
 * else; like the rest of this module it uses the JDK only (no Bouncy Castle: keys are PKCS#8).
 * Invariant: every TLS endpoint of Cairn takes its protocols and suites from {@code TlsPolicy}.
 */
package io.cairn.api.tls;
