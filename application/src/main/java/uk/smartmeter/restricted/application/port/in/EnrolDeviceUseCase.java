package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.command.EnrolDevice;

/** DCC systems enrol a meter with its inventory and registration facts. */
public interface EnrolDeviceUseCase {

    Decision enrol(EnrolDevice command);
}
