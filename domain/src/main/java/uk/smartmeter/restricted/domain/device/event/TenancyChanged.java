package uk.smartmeter.restricted.domain.device.event;

import java.time.Instant;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;

/** Change of Tenancy: a new consumer occupies the premises. */
public record TenancyChanged(DeviceId deviceId, Actor actor, Instant effectiveAt, Instant recordedAt)
        implements DeviceEvent {
}
