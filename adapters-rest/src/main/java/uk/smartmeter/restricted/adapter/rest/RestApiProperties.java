package uk.smartmeter.restricted.adapter.rest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The REST adapter's settings, under {@code restricted.api.*}.
 *
 * @param auth            how bearer tokens are checked
 * @param maxBodyBytes    the largest JSON request body accepted (the bulk import streams and is exempt)
 * @param idempotencyTtl  how long an Idempotency-Key is remembered
 * @param idempotencyInFlight how long a key's first request may run before a retry stops waiting for it
 *                        and settles the key from the store (the command happened, or it did not and runs now)
 * @param importWorkers   how many chunks of bulk imports run at once on the node (default 2: with more, the gate pays; see
 *                        bench/import-gate.sh)
 * @param duis            the gate's DUIS XML endpoint
 * @param uploads         where streamed uploads are spooled, and how big a gate batch may be
 * @param rateLimit       per-party request limits
 */
@ConfigurationProperties("restricted.api")
public record RestApiProperties(
        @DefaultValue Auth auth,
        @DefaultValue("65536") int maxBodyBytes,
        @DefaultValue("24h") Duration idempotencyTtl,
        @DefaultValue("2") int importWorkers,
        @DefaultValue Duis duis,
        @DefaultValue("15s") Duration idempotencyInFlight,
        @DefaultValue Uploads uploads,
        @DefaultValue RateLimit rateLimit) {

    /**
     * Per-party limits on {@code /api/**}, counted per party (whatever its role): at most {@code limit}
     * requests per {@code period}, a burst of {@code limit} included. Over it the answer is 429 with
     * Retry-After. The DCC's gate traffic ({@code /api/v1/gate/decisions}, {@code /batch}, {@code /duis})
     * has its own limit, {@code gateLimit} per {@code gatePeriod}; 0 means none (the default). Limited
     * requests are counted in metrics and recorded in the history once per party and
     * {@code summaryInterval}.
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("100") int limit,
            @DefaultValue("1s") Duration period,
            @DefaultValue("0") int gateLimit,
            @DefaultValue("1s") Duration gatePeriod,
            @DefaultValue("1m") Duration summaryInterval) {

        public RateLimit {
            if (limit < 1 || gateLimit < 0 || period.isNegative() || period.isZero() || gatePeriod.isNegative()
                    || gatePeriod.isZero() || summaryInterval.isNegative() || summaryInterval.isZero()) {
                throw new IllegalArgumentException("restricted.api.rate-limit: limit at least 1, gate-limit at least"
                        + " 0, and positive periods");
            }
        }
    }

    /**
     * @param spoolDir      where uploads and answers are spooled (empty: {@code restricted-mode-spool} in the
     *                      JVM's temp directory); files left by a killed node are deleted at start
     * @param batchMaxBytes the largest gate batch body: it is spooled whole before the first line is decided,
     *                      so a client may send it all before reading; a bigger one is answered 413
     */
    public record Uploads(
            @DefaultValue("") String spoolDir,
            @DefaultValue("268435456") long batchMaxBytes) {

        public java.nio.file.Path spoolPath() {
            return spoolDir.isBlank() ? java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
                    "restricted-mode-spool") : java.nio.file.Path.of(spoolDir);
        }
    }

    /**
     * @param maxBytes the largest DUIS request accepted (an 11.1 firmware image is the largest body)
     * @param dccEui   the DCC's own EUI-64: a request addressed to it is a non-device request, and its body
     *                 names the device
     */
    public record Duis(
            @DefaultValue("2097152") int maxBytes,
            @DefaultValue("90-B3-D5-1F-30-00-00-02") String dccEui) {
    }

    /**
     * @param mode        {@code local}: tokens signed with a local HMAC key, minted at {@code POST /local/tokens};
     *                    {@code jwt}: production, tokens from the configured issuer or JWK set, no minting
     * @param audience    the audience every token must carry
     * @param issuer      local mode: the issuer the service signs as; jwt mode: the issuer URI tokens must name
     * @param jwkSetUri   jwt mode: where the issuer's public keys are (optional when the issuer publishes discovery)
     * @param localSecret local mode: the HMAC key (at least 32 bytes); empty means a new random key at each start
     * @param clockSkew   how far past its {@code exp} (or before its {@code nbf}) a token is still taken: 0 to 60 s,
     *                    default 5 s. Every token must carry {@code exp}
     */
    public record Auth(
            @DefaultValue("local") Mode mode,
            @DefaultValue("restricted-mode-api") String audience,
            @DefaultValue("restricted-mode-local") String issuer,
            @DefaultValue("") String jwkSetUri,
            @DefaultValue("") String localSecret,
            @DefaultValue("5s") java.time.Duration clockSkew) {

        public Auth {
            if (clockSkew.isNegative() || clockSkew.compareTo(java.time.Duration.ofSeconds(60)) > 0) {
                throw new IllegalArgumentException("restricted.api.auth.clock-skew: 0 to 60 s");
            }
        }
    }

    public enum Mode {
        LOCAL,
        JWT
    }
}
