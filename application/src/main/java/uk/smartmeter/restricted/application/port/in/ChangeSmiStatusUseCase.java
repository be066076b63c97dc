package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.command.ChangeSmiStatus;

/** DCC systems report a new SMI status for a meter or its Comms Hub. */
public interface ChangeSmiStatusUseCase {

    Decision changeSmiStatus(ChangeSmiStatus command);
}
