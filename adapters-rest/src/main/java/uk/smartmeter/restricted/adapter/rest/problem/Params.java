package uk.smartmeter.restricted.adapter.rest.problem;

import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/**
 * Parsers of query and path values, each failing with the rule the value breaks (for {@link InvalidRequest}).
 * Times and months are held to the years {@value #FIRST_YEAR} to {@value #LAST_YEAR}: beyond them month
 * arithmetic and SQL timestamps fail, and no fact of this service lies there.
 */
public final class Params {

    static final int FIRST_YEAR = 1900;
    static final int LAST_YEAR = 9999;
    private static final Instant FIRST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant AFTER_LAST = Instant.parse("+10000-01-01T00:00:00Z");

    private Params() {
    }

    public static Instant instant(String raw) {
        try {
            Instant value = Instant.parse(raw);
            if (!value.isBefore(FIRST) && value.isBefore(AFTER_LAST)) {
                return value;
            }
        } catch (DateTimeParseException invalid) {
            // answered below
        }
        throw new IllegalArgumentException("an ISO-8601 UTC time such as 2026-03-03T12:00:00Z, in the years "
                + FIRST_YEAR + " to " + LAST_YEAR);
    }

    public static YearMonth month(String raw) {
        try {
            YearMonth value = YearMonth.parse(raw);
            if (value.getYear() >= FIRST_YEAR && value.getYear() <= LAST_YEAR) {
                return value;
            }
        } catch (DateTimeParseException invalid) {
            // answered below
        }
        throw new IllegalArgumentException("a month such as 2026-10, in the years " + FIRST_YEAR + " to " + LAST_YEAR);
    }
}
