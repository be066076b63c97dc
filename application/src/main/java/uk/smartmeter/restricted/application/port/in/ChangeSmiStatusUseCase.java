package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.command.ChangeSmiStatus;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.application.port.out.ExpectedVersion;

/** DCC systems report a new SMI status for a meter or its Comms Hub. */
public interface ChangeSmiStatusUseCase {

    CommandOutcome changeSmiStatus(ChangeSmiStatus command, ExpectedVersion expected);

    default CommandOutcome changeSmiStatus(ChangeSmiStatus command) {
        return changeSmiStatus(command, ExpectedVersion.any());
    }
}
