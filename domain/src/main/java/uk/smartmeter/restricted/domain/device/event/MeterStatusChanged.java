package uk.smartmeter.restricted.domain.device.event;

import java.time.Instant;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.SmiStatus;
/** The meter's SMI status changed. */
public record MeterStatusChanged(DeviceId deviceId, Actor actor, Instant effectiveAt, Instant recordedAt, SmiStatus status)
        implements DeviceEvent {
}
