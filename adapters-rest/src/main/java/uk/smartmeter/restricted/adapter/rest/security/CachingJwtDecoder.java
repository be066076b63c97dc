package uk.smartmeter.restricted.adapter.rest.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens that passed every check (signature, issuer, audience, expiry) until they expire, so a
 * caller that sends the same token on every request (the DSP asking the gate) is not verified again each
 * time. The key is the whole token, signature included: only the exact token that was verified is ever
 * answered from here. Expiry is checked on every use; the cache is bounded and starts afresh when full.
 */
public final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final Clock clock;
    private final int maxEntries;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    public CachingJwtDecoder(JwtDecoder delegate, Clock clock, int maxEntries) {
        this.delegate = delegate;
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.get(token);
        if (known != null) {
            Instant expiresAt = known.getExpiresAt();
            if (expiresAt != null && clock.instant().isBefore(expiresAt)) {
                return known;
            }
            verified.remove(token);
        }
        Jwt jwt = delegate.decode(token);
        if (jwt.getExpiresAt() != null) {
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
            verified.put(token, jwt);
        }
        return jwt;
    }
}
