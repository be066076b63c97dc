package uk.smartmeter.restricted.adapter.rest.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The HMAC key of local mode: configured, or new and random at each start (tokens then die with the process). */
public final class LocalSigningKey {

    private static final int MIN_BYTES = 32;

    private final SecretKey key;

    public LocalSigningKey(String configuredSecret) {
        byte[] secret;
        if (configuredSecret == null || configuredSecret.isEmpty()) {
            secret = new byte[MIN_BYTES];
            new SecureRandom().nextBytes(secret);
        } else {
            secret = configuredSecret.getBytes(StandardCharsets.UTF_8);
            if (secret.length < MIN_BYTES) {
                throw new IllegalArgumentException("restricted.api.auth.local-secret must be at least 32 bytes");
            }
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public SecretKey key() {
        return key;
    }
}
