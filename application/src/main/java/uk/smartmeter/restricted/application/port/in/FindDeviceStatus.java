package uk.smartmeter.restricted.application.port.in;

import java.util.Optional;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;

/**
 * The current flag and eligibility of an enrolled meter, read from its own events (read-your-writes).
 * A Supplier sees only the meters it is responsible for; to anyone else it is as if the meter did not
 * exist. DCC systems and regulators see every meter.
 */
public interface FindDeviceStatus {

    Optional<DeviceStatus> statusFor(Actor viewer, DeviceId deviceId);
}
