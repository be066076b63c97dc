package uk.smartmeter.restricted.domain.device.command;

import java.time.Instant;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;

/** Change of Supplier: the gaining Supplier becomes responsible for the meter. */
public record ChangeSupplier(DeviceId deviceId, Actor actor, Instant effectiveAt, ResponsibleSupplier gainingSupplier)
        implements DeviceFact {

    public ChangeSupplier {
        Objects.requireNonNull(deviceId, "deviceId is required");
        Objects.requireNonNull(actor, "actor is required");
        Objects.requireNonNull(gainingSupplier, "gainingSupplier is required");
    }
}
