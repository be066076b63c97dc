package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.command.ApplyRestriction;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.application.port.out.ExpectedVersion;

/** The responsible Supplier puts a meter into Restricted mode. */
public interface ApplyRestrictionUseCase {

    CommandOutcome applyRestriction(ApplyRestriction command, ExpectedVersion expected);

    default CommandOutcome applyRestriction(ApplyRestriction command) {
        return applyRestriction(command, ExpectedVersion.any());
    }
}
