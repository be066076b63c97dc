package uk.smartmeter.restricted.domain.device.event;

import java.time.Instant;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.SmiStatus;
/** The SMI status of the meter's Comms Hub changed. */
public record CommsHubStatusChanged(DeviceId deviceId, Actor actor, Instant effectiveAt, Instant recordedAt, DeviceId commsHubId, SmiStatus status)
        implements DeviceEvent {
}
