package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.command.ApplyRestriction;

/** The responsible Supplier puts a meter into Restricted mode. */
public interface ApplyRestrictionUseCase {

    Decision applyRestriction(ApplyRestriction command);
}
