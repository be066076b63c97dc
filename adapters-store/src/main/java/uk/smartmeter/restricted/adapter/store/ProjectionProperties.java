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
 */
@ConfigurationProperties("restricted.projections")
public record ProjectionProperties(@DefaultValue("30s") Duration stallAfter) {

    public ProjectionProperties {
        if (stallAfter.isNegative() || stallAfter.isZero()) {
            throw new IllegalArgumentException("restricted.projections.stall-after must be positive");
        }
    }
}
