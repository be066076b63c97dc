package uk.smartmeter.restricted.application.port.in;

import java.time.Instant;
import java.util.List;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.Device;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.Ineligibility;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;

/**
 * What a Supplier or regulator sees of a meter now.
 *
 * @param restrictedSince  when the flag took effect; {@code null} when not restricted
 * @param ineligibilities  why the meter cannot be restricted now; empty when it can
 * @param version          the sequence number of the device's last event, for optimistic concurrency
 */
public record DeviceStatus(DeviceId deviceId, DeviceType deviceType, CspRegion cspRegion,
                           ResponsibleSupplier responsibleSupplier, boolean restricted, Instant restrictedSince,
                           List<Ineligibility> ineligibilities, long version) {

    public DeviceStatus {
        ineligibilities = List.copyOf(ineligibilities);
    }

    public static DeviceStatus of(Device device) {
        if (!device.enrolled()) {
            throw new IllegalArgumentException("device " + device.id() + " is not enrolled");
        }
        return new DeviceStatus(device.id(), device.meter().type(), device.meter().cspRegion(),
                device.meter().supplier(), device.restricted(),
                device.restricted() ? device.restriction().since() : null, device.ineligibilities(),
                device.version());
    }

    public boolean eligible() {
        return ineligibilities.isEmpty();
    }
}
