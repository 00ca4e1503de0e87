package io.cairn.api.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the certificate a {@link TlsSource} holds now. An alias it hands out carries the
 * generation of the material it came from ({@code ALIAS@gN}), so the chain and key a handshake
 * asks for next come from that same material even if the files were reloaded in between.
 */
final class FollowingKeyManager extends X509ExtendedKeyManager {

    private final TlsSource source;

    FollowingKeyManager(TlsSource source) {
        this.source = source;
    }

    private static String tagged(TlsSource.Material m, String alias) {
        return alias == null ? null : alias + "@g" + m.generation();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        TlsSource.Material m = source.current();
        return m.loaded().keys() == null ? null
                : tagged(m, m.loaded().keys().chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        TlsSource.Material m = source.current();
        return m.loaded().keys() == null ? null
                : tagged(m, m.loaded().keys().chooseEngineClientAlias(keyType, issuers, engine));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        TlsSource.Material m = source.current();
        return m.loaded().keys() == null ? null
                : tagged(m, m.loaded().keys().chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        TlsSource.Material m = source.current();
        return m.loaded().keys() == null ? null
                : tagged(m, m.loaded().keys().chooseClientAlias(keyType, issuers, socket));
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        X509ExtendedKeyManager keys = source.current().loaded().keys();
        return keys == null ? null : keys.getClientAliases(keyType, issuers);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        X509ExtendedKeyManager keys = source.current().loaded().keys();
        return keys == null ? null : keys.getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        X509ExtendedKeyManager keys = keysOf(alias);
        return keys == null ? null : keys.getCertificateChain(untagged(alias));
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        X509ExtendedKeyManager keys = keysOf(alias);
        return keys == null ? null : keys.getPrivateKey(untagged(alias));
    }

    /** The key manager of the alias's generation; an untagged alias means the current one. */
    private X509ExtendedKeyManager keysOf(String alias) {
        if (alias == null) {
            return null;
        }
        int at = alias.lastIndexOf("@g");
        if (at < 0) {
            return source.current().loaded().keys();
        }
        TlsSource.Material m;
        try {
            m = source.generation(Long.parseLong(alias.substring(at + 2)));
        } catch (NumberFormatException e) {
            return null;
        }
        return m == null ? null : m.loaded().keys();
    }

    private static String untagged(String alias) {
        int at = alias.lastIndexOf("@g");
        return at < 0 ? alias : alias.substring(0, at);
    }
}
