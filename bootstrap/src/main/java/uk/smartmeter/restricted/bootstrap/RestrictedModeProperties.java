package uk.smartmeter.restricted.bootstrap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import uk.smartmeter.restricted.domain.device.DevicePolicy;

/**
 * The service's own settings, under {@code restricted.*}.
 *
 * @param clearOnChangeOfTenancy end a restriction automatically on a Change of Tenancy (default true)
 * @param snapshotThreshold      events between snapshots of a Device (default 50)
 * @param deviceCache            keep devices in memory between commands (default true). Only for a single
 *                               node writing to the store: with several writers a stale copy could answer
 *                               a repeat as "unchanged" without touching the store, so turn it off there
 */
@ConfigurationProperties("restricted")
public record RestrictedModeProperties(
        @DefaultValue("true") boolean clearOnChangeOfTenancy,
        @DefaultValue("50") int snapshotThreshold,
        @DefaultValue("true") boolean deviceCache) {

    public RestrictedModeProperties {
        if (snapshotThreshold < 1) {
            throw new IllegalArgumentException("restricted.snapshot-threshold must be at least 1");
        }
    }

    public DevicePolicy policy() {
        return new DevicePolicy(clearOnChangeOfTenancy);
    }
}
