package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.command.ChangeTenancy;

/** DCC systems report a Change of Tenancy. */
public interface ChangeTenancyUseCase {

    CommandOutcome changeTenancy(ChangeTenancy command, ExpectedVersion expected);

    default CommandOutcome changeTenancy(ChangeTenancy command) {
        return changeTenancy(command, ExpectedVersion.any());
    }
}
