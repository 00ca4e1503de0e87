package io.cairn.server.acl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Token secrets: 32 random bytes from {@link SecureRandom} in hex (256 bits), and their SHA-256.
 *
 * <p>Why a plain SHA-256 and not a slow password hash: a secret made here has 256 bits of
 * entropy, so nobody can guess it from its hash however fast the hash is; slow hashes (bcrypt,
 * Argon2) exist for low-entropy passwords, and would cost every request milliseconds. A secret
 * an operator writes into {@code acl-initial-token-file} should be made the same way
 * ({@code openssl rand -hex 32}); docs/security.md says so.
 */
public final class Secrets {

    private final SecureRandom random;

    public Secrets(SecureRandom random) {
        this.random = random;
    }

    /** A new secret: 64 lowercase hex digits. */
    public String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A new public accessor id: 16 hex digits. */
    public String newAccessorId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The SHA-256 of a secret's UTF-8 bytes, in lowercase hex: how the metadata knows a token. */
    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
