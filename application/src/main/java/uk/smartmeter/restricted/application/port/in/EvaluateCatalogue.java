package uk.smartmeter.restricted.application.port.in;

import java.io.InputStream;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import uk.smartmeter.restricted.application.port.out.WhatIfResult;
import uk.smartmeter.restricted.domain.device.Actor;

/** What-if replay of a candidate SRV catalogue over a past month's real traffic (issue 18, F15). */
public interface EvaluateCatalogue {

    /**
     * Evaluates the candidate (the catalogue's CSV, validated as the live one is) over the month's outcome logs and the
     * store's record of the month, and keeps the answer under {@code whatIfId}. The same ID asked again answers the
     * kept answer when its inputs are the same, and is refused otherwise. Nothing live changes.
     *
     * @param first how many changed rows the answer lists (the full list is kept and served apart)
     */
    WhatIfResult evaluate(Actor by, String whatIfId, YearMonth month, List<String> outcomeLogs, String candidateCsv,
                          int first);

    Optional<WhatIfResult> find(String whatIfId);

    Optional<InputStream> changes(String whatIfId);
}
