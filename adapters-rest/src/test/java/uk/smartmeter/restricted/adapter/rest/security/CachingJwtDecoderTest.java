package uk.smartmeter.restricted.adapter.rest.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class CachingJwtDecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final AtomicInteger verifications = new AtomicInteger();
    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final JwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        if (token.startsWith("bad")) {
            throw new org.springframework.security.oauth2.jwt.BadJwtException("bad signature");
        }
        if (now.get().isAfter(NOW.plusSeconds(60))) {
            throw new org.springframework.security.oauth2.jwt.BadJwtException("expired");
        }
        return Jwt.withTokenValue(token).header("alg", "HS256").claim("party_id", "P").issuedAt(NOW)
                .expiresAt(NOW.plusSeconds(60)).build();
    };
    private final CachingJwtDecoder decoder = new CachingJwtDecoder(verifier, clock, 2);

    @Test
    void aVerifiedTokenIsNotVerifiedAgainUntilItExpires() {
        decoder.decode("token-a");
        decoder.decode("token-a");

        assertThat(verifications).hasValue(1);

        now.set(NOW.plusSeconds(61));
        assertThatThrownBy(() -> decoder.decode("token-a")).isInstanceOf(org.springframework.security.oauth2.jwt.BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTokenThatFailsIsNeverRememberedAndFailsEveryTime() {
        assertThatThrownBy(() -> decoder.decode("bad-token")).isInstanceOf(org.springframework.security.oauth2.jwt.BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("bad-token")).isInstanceOf(org.springframework.security.oauth2.jwt.BadJwtException.class);

        assertThat(verifications).hasValue(2);
    }

    @Test
    void theCacheIsBounded() {
        decoder.decode("token-a");
        decoder.decode("token-b");
        decoder.decode("token-c");
        decoder.decode("token-a");

        assertThat(verifications).hasValue(4);
    }
}
