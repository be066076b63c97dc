package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.command.ChangeSiteCharacteristics;

/** DCC systems report new site characteristics (load switching, RTS, network management). */
public interface ChangeSiteCharacteristicsUseCase {

    Decision changeSiteCharacteristics(ChangeSiteCharacteristics command);
}
