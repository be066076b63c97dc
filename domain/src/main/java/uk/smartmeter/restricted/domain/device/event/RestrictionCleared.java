package uk.smartmeter.restricted.domain.device.event;

import java.time.Instant;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.ClearReason;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
/** The responsible Supplier took the meter out of Restricted mode. */
public record RestrictionCleared(DeviceId deviceId, Actor actor, Instant effectiveAt, Instant recordedAt, ResponsibleSupplier supplier, ClearReason reason)
        implements DeviceEvent {
}
