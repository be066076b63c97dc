package uk.smartmeter.restricted.application.port.in;

import java.util.Optional;
import uk.smartmeter.restricted.domain.device.DeviceId;

/** The current flag and eligibility of an enrolled meter, read from its own events (read-your-writes). */
public interface FindDeviceStatus {

    Optional<DeviceStatus> statusOf(DeviceId deviceId);
}
