package uk.smartmeter.restricted.adapter.store;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The event store's settings for the Device aggregate, under {@code restricted.*}.
 *
 * @param snapshotThreshold events between snapshots of a Device (default 50)
 * @param deviceCache       keep devices in memory between commands (default true). Only for a single
 *                          node writing to the store: with several writers a stale copy could answer
 *                          a repeat as "unchanged" without touching the store, so turn it off there
 * @param importFastPath    the bulk import enrols meters the store has never seen in one batch per chunk, without
 *                          loading an aggregate for each (default true; ADR 0049). False sends every line through
 *                          the aggregate, for comparison
 */
@ConfigurationProperties("restricted")
public record StoreProperties(
        @DefaultValue("50") int snapshotThreshold,
        @DefaultValue("true") boolean deviceCache,
        @DefaultValue("true") boolean importFastPath) {

    public StoreProperties {
        if (snapshotThreshold < 1) {
            throw new IllegalArgumentException("restricted.snapshot-threshold must be at least 1");
        }
    }
}
