package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.command.ClearRestriction;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.application.port.out.ExpectedVersion;

/** The responsible Supplier takes a meter out of Restricted mode. */
public interface ClearRestrictionUseCase {

    CommandOutcome clearRestriction(ClearRestriction command, ExpectedVersion expected);

    default CommandOutcome clearRestriction(ClearRestriction command) {
        return clearRestriction(command, ExpectedVersion.any());
    }
}
