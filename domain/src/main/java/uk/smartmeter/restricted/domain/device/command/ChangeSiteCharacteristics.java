package uk.smartmeter.restricted.domain.device.command;

import java.time.Instant;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.SiteCharacteristics;

/** The site's load-switching, Radio Teleswitch or network-management arrangements changed. */
public record ChangeSiteCharacteristics(DeviceId deviceId, Actor actor, Instant effectiveAt,
                                        SiteCharacteristics siteCharacteristics) implements DeviceFact {

    public ChangeSiteCharacteristics {
        Objects.requireNonNull(deviceId, "deviceId is required");
        Objects.requireNonNull(actor, "actor is required");
        Objects.requireNonNull(siteCharacteristics, "siteCharacteristics is required");
    }
}
