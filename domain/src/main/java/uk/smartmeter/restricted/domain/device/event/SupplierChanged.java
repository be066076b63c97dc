package uk.smartmeter.restricted.domain.device.event;

import java.time.Instant;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
/** Change of Supplier: responsibility passed from the losing to the gaining Supplier. The flag survives (BR2). */
public record SupplierChanged(DeviceId deviceId, Actor actor, Instant effectiveAt, Instant recordedAt, ResponsibleSupplier losingSupplier, ResponsibleSupplier gainingSupplier)
        implements DeviceEvent {
}
