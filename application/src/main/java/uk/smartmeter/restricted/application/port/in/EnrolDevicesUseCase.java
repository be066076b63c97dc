package uk.smartmeter.restricted.application.port.in;

import java.util.List;
import uk.smartmeter.restricted.domain.device.command.EnrolDevice;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;

/**
 * DCC systems enrol many meters at once (the bulk inventory). Each enrolment is decided on its own,
 * as by {@link EnrolDeviceUseCase}; all of them are appended in one transaction, or none is.
 */
public interface EnrolDevicesUseCase {

    /** @return one outcome per command, in order; throws when the batch as a whole could not be stored */
    List<CommandOutcome> enrolAll(List<EnrolDevice> commands);
}
