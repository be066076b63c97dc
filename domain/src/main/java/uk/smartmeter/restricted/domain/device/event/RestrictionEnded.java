package uk.smartmeter.restricted.domain.device.event;

import java.time.Instant;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.RestrictionEndReason;
/** Restricted mode ended without a Supplier's request, because a fact made the meter ineligible or the tenancy changed. Names the Supplier to be told. */
public record RestrictionEnded(DeviceId deviceId, Actor actor, Instant effectiveAt, Instant recordedAt, RestrictionEndReason reason, ResponsibleSupplier supplierToNotify)
        implements DeviceEvent {
}
