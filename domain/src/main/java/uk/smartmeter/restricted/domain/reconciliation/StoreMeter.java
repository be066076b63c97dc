package uk.smartmeter.restricted.domain.reconciliation;

import java.util.Objects;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.Mpxn;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;

/**
 * The service's own view of one enrolled meter, as a reconciliation compares it with registration.
 *
 * @param flagHeldBy the Supplier the Restricted flag is held under, or null when the meter is not Restricted
 */
public record StoreMeter(DeviceId deviceId, Mpxn mpxn, DeviceType type, ResponsibleSupplier responsible,
                         PartyId flagHeldBy) {

    public StoreMeter {
        Objects.requireNonNull(deviceId, "deviceId is required");
        Objects.requireNonNull(mpxn, "mpxn is required");
        Objects.requireNonNull(type, "type is required");
        Objects.requireNonNull(responsible, "responsible is required");
    }

    public boolean restricted() {
        return flagHeldBy != null;
    }
}
