package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.command.EnrolDevice;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.application.port.out.ExpectedVersion;

/** DCC systems enrol a meter with its inventory and registration facts. */
public interface EnrolDeviceUseCase {

    CommandOutcome enrol(EnrolDevice command, ExpectedVersion expected);

    default CommandOutcome enrol(EnrolDevice command) {
        return enrol(command, ExpectedVersion.any());
    }
}
