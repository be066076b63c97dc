package uk.smartmeter.restricted.domain.device.event;

import java.time.Instant;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.SiteCharacteristics;
/** The site's load-switching, Radio Teleswitch or network-management arrangements changed. */
public record SiteCharacteristicsChanged(DeviceId deviceId, Actor actor, Instant effectiveAt, Instant recordedAt, SiteCharacteristics siteCharacteristics)
        implements DeviceEvent {
}
