package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.command.ClearRestriction;

/** The responsible Supplier takes a meter out of Restricted mode. */
public interface ClearRestrictionUseCase {

    Decision clearRestriction(ClearRestriction command);
}
