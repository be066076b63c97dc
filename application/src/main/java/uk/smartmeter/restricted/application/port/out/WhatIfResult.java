package uk.smartmeter.restricted.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;
import uk.smartmeter.restricted.domain.reporting.WhatIf;

/**
 * What a candidate SRV catalogue would have changed in a month's real traffic (issue 18, F15). The live gate is not
 * changed by it.
 *
 * @param eventPosition     the store position the month's view of the meters was taken at
 * @param rows              outcome-log rows of the month read
 * @param onRestrictedMeters of those, the rows to a meter Restricted at their time (the only ones a catalogue decides)
 * @param changes           by direction, the count and its breakdown by SRV, device type, Supplier and region
 * @param first             the first rows whose verdict would change, in log order
 * @param changesSha256     the SHA-256 of the full list of changed rows (CSV), served at its own address
 */
public record WhatIfResult(String whatIfId, String month, String requestedBy, Instant requestedAt,
                           String liveCatalogueVersion, String candidateVersion, String candidateSha256,
                           long eventPosition, List<MonthlyReport.LogInput> logs, long rows, long onRestrictedMeters,
                           Map<WhatIf.Direction, WhatIf.Counts> changes, List<ChangedRow> first, String changesSha256) {

    /** One request whose verdict would change. */
    public record ChangedRow(String file, long line, String requestId, String deviceId, String srv, String direction,
                             String deviceType, String supplier) {
    }

    public WhatIfResult {
        logs = List.copyOf(logs);
        changes = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(changes));
        first = List.copyOf(first);
    }
}
