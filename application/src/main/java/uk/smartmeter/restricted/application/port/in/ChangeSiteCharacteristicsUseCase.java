package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.command.ChangeSiteCharacteristics;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.application.port.out.ExpectedVersion;

/** DCC systems report new site characteristics (load switching, RTS, network management). */
public interface ChangeSiteCharacteristicsUseCase {

    CommandOutcome changeSiteCharacteristics(ChangeSiteCharacteristics command, ExpectedVersion expected);

    default CommandOutcome changeSiteCharacteristics(ChangeSiteCharacteristics command) {
        return changeSiteCharacteristics(command, ExpectedVersion.any());
    }
}
