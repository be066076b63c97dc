package uk.smartmeter.restricted.application.port.out;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * A reproduction of a month's published report, as stored: who asked, when, and what differed, input by
 * input and form by form. Identical when nothing did.
 */
public record Reproduction(YearMonth month, long runId, Instant at, String by, boolean identical,
                           List<Difference> differences) {

    public Reproduction {
        differences = List.copyOf(differences);
    }

    /**
     * One input or form that differs.
     *
     * @param what       {@code log:<name>}, {@code catalogue}, {@code eventPosition} or {@code form:<json|csv|svg|explanation>}
     * @param published  the published value (a SHA-256, a version, or why the stored file cannot be used)
     * @param reproduced the value this reproduction found
     */
    public record Difference(String what, String published, String reproduced) {
    }
}
