package uk.smartmeter.restricted.adapter.store;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gate's settings, under {@code restricted.gate.*}.
 *
 * @param maxLag        how long an event may sit in the store unseen by this node's index before the gate
 *                      fails closed (consumption denied with R3) and readiness reports not-ready (default 2s)
 * @param checkInterval how often the index's feed is compared with the store's head (default 100ms)
 * @param fetchDelay    how long the store's reader waits before polling again when it found nothing new: the
 *                      floor of the lag for other nodes' writes (default 100ms; this node's own are immediate)
 * @param checkTimeout  how long one look at the store may take before it counts as failed, and the gate
 *                      closes for consumption until it has caught up again (default 500ms)
 * @param feedBatchSize events per batch of the index's tracking feed, 1 to 10,000 (default 100)
 * @param catalogueLead  how long after it is made an SRV catalogue adoption may take effect at the earliest
 *                       (default 1m); a node that has not read the adoptions for this long fails closed on
 *                       consumption SRVs (issue 18)
 * @param catalogueRefresh how often every node reads the adoptions (default 5s; at most a quarter of the lead)
 * @param receiptWait   the longest a denial waits for its receipt's write before it is answered anyway (default
 *                      200ms): the write goes on, and a failure is counted and logged (issue 20)
 */
@ConfigurationProperties("restricted.gate")
public record GateProperties(
        @DefaultValue("2s") Duration maxLag,
        @DefaultValue("100ms") Duration checkInterval,
        @DefaultValue("100ms") Duration fetchDelay,
        @DefaultValue("500ms") Duration checkTimeout,
        @DefaultValue("100") int feedBatchSize,
        @DefaultValue("1m") Duration catalogueLead,
        @DefaultValue("5s") Duration catalogueRefresh,
        @DefaultValue("200ms") Duration receiptWait) {

    public GateProperties {
        if (feedBatchSize < 1 || feedBatchSize > 10_000) {
            throw new IllegalArgumentException("restricted.gate.feed-batch-size must be 1 to 10000");
        }
        if (catalogueRefresh.multipliedBy(4).compareTo(catalogueLead) > 0) {
            throw new IllegalArgumentException("restricted.gate.catalogue-refresh must be at most a quarter of"
                    + " restricted.gate.catalogue-lead");
        }
        if (maxLag.compareTo(checkInterval) <= 0) {
            throw new IllegalArgumentException("restricted.gate.max-lag must be longer than restricted.gate.check-interval");
        }
        if (checkTimeout.isNegative() || checkTimeout.isZero() || checkTimeout.compareTo(maxLag) >= 0) {
            throw new IllegalArgumentException("restricted.gate.check-timeout must be positive and shorter than max-lag");
        }
    }
}
