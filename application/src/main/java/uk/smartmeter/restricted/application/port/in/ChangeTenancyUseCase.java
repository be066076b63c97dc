package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.command.ChangeTenancy;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.application.port.out.ExpectedVersion;

/** DCC systems report a Change of Tenancy. */
public interface ChangeTenancyUseCase {

    CommandOutcome changeTenancy(ChangeTenancy command, ExpectedVersion expected);

    default CommandOutcome changeTenancy(ChangeTenancy command) {
        return changeTenancy(command, ExpectedVersion.any());
    }
}
