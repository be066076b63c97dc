package uk.smartmeter.restricted.bootstrap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import uk.smartmeter.restricted.domain.device.DevicePolicy;
import uk.smartmeter.restricted.adapter.store.StoreProperties;

/**
 * The service's policy settings, under {@code restricted.*} (the store's own, such as the device cache, are the
 * store adapter's {@code StoreProperties}).
 *
 * @param clearOnChangeOfTenancy end a restriction automatically on a Change of Tenancy (default true)
 */
@ConfigurationProperties("restricted")
public record RestrictedModeProperties(@DefaultValue("true") boolean clearOnChangeOfTenancy) {

    public DevicePolicy policy() {
        return new DevicePolicy(clearOnChangeOfTenancy);
    }
}
