package uk.smartmeter.restricted.domain.device.command;

import java.util.Objects;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.ClearReason;
import uk.smartmeter.restricted.domain.device.DeviceId;

/** A Supplier asks to take a meter out of Restricted mode, with a reason. */
public record ClearRestriction(DeviceId deviceId, Actor actor, ClearReason reason) implements PartyRequest {

    public ClearRestriction {
        Objects.requireNonNull(deviceId, "deviceId is required");
        Objects.requireNonNull(actor, "actor is required");
        Objects.requireNonNull(reason, "reason is required");
    }
}
