package uk.smartmeter.restricted.domain.device.command;

import java.time.Instant;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;

/** Change of Tenancy: a new consumer occupies the premises. */
public record ChangeTenancy(DeviceId deviceId, Actor actor, Instant effectiveAt) implements DeviceFact {

    public ChangeTenancy {
        Objects.requireNonNull(deviceId, "deviceId is required");
        Objects.requireNonNull(actor, "actor is required");
    }
}
