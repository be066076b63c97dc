package uk.smartmeter.restricted.domain.device.event;

import java.time.Instant;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.Attestation;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
/** The responsible Supplier put the meter into Restricted mode, attesting all reasonable steps. */
public record RestrictionApplied(DeviceId deviceId, Actor actor, Instant effectiveAt, Instant recordedAt, ResponsibleSupplier supplier, Attestation attestation)
        implements DeviceEvent {
}
