package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.command.ChangeTenancy;

/** DCC systems report a Change of Tenancy. */
public interface ChangeTenancyUseCase {

    Decision changeTenancy(ChangeTenancy command);
}
