package uk.smartmeter.restricted.adapter.store;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The evidence projections' watch, under {@code restricted.projections.*}.
 *
 * @param stallAfter how long a projection may stay behind the store without moving before it counts as
 *                   stalled: health DEGRADED, and for the history the {@code regulators} group OUT_OF_SERVICE
 *                   (default 30s)
 * @param batchSize  events per transaction of the history and CSP-notice processors, 1 to 10,000 (default 500:
 *                   2,000 measured no faster)
 */
@ConfigurationProperties("restricted.projections")
public record ProjectionProperties(@DefaultValue("30s") Duration stallAfter, @DefaultValue("500") int batchSize) {

    public ProjectionProperties {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("restricted.projections.batch-size must be 1 to 10000");
        }
        if (stallAfter.isNegative() || stallAfter.isZero()) {
            throw new IllegalArgumentException("restricted.projections.stall-after must be positive");
        }
    }
}
