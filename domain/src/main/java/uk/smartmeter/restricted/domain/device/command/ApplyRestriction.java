package uk.smartmeter.restricted.domain.device.command;

import java.util.Objects;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Attestation;
import uk.smartmeter.restricted.domain.device.DeviceId;

/**
 * A Supplier asks to put a meter into Restricted mode. The attestation may be missing on the wire;
 * the decision then refuses it with {@code REASONABLE_STEPS_NOT_ATTESTED}, so the refusal is recorded.
 */
public record ApplyRestriction(DeviceId deviceId, Actor actor, Attestation attestation) implements PartyRequest {

    public ApplyRestriction {
        Objects.requireNonNull(deviceId, "deviceId is required");
        Objects.requireNonNull(actor, "actor is required");
    }
}
