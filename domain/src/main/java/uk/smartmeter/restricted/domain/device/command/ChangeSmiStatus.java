package uk.smartmeter.restricted.domain.device.command;

import java.time.Instant;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.device.StatusTarget;

/** The SMI status of the meter, or of its Comms Hub, changed. */
public record ChangeSmiStatus(DeviceId deviceId, Actor actor, Instant effectiveAt, StatusTarget target, SmiStatus status)
        implements DeviceFact {

    public ChangeSmiStatus {
        Objects.requireNonNull(deviceId, "deviceId is required");
        Objects.requireNonNull(actor, "actor is required");
        Objects.requireNonNull(target, "target is required");
        Objects.requireNonNull(status, "status is required");
    }
}
