package uk.smartmeter.restricted.adapter.rest.problem;

import uk.smartmeter.restricted.application.input.InvalidRequest;

import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import uk.smartmeter.restricted.domain.history.Timeline;

/**
 * Parsers of query and path values, each failing with the rule the value breaks (for {@link InvalidRequest}).
 * Times and months are held to the years {@value #FIRST_YEAR} to {@value #LAST_YEAR}: beyond them month
 * arithmetic and SQL timestamps fail, and no fact of this service lies there.
 */
public final class Params {

    static final int FIRST_YEAR = 1900;
    static final int LAST_YEAR = 9999;
    private static final String TIME_RULE = "an ISO-8601 UTC time such as 2026-03-03T12:00:00Z, in the years "
            + FIRST_YEAR + " to " + LAST_YEAR;

    private Params() {
    }

    /**
     * A query time for "at or before": to the microsecond, rounded down. Every stored time is a whole
     * microsecond, so the question is the same, and the answer echoes the history's precision.
     */
    public static Instant atOrBefore(String raw) {
        return Timeline.micros(instant(raw));
    }

    /** A query time for "at or after" and "before": to the microsecond, rounded up, for the same reason. */
    public static Instant bound(String raw) {
        Instant value = instant(raw);
        Instant down = Timeline.micros(value);
        return down.equals(value) ? value : down.plusNanos(1_000);
    }

    public static Instant instant(String raw) {
        try {
            Instant value = Instant.parse(raw);
            if (Timeline.inRange(value)) {
                return value;
            }
        } catch (DateTimeParseException invalid) {
            // answered below
        }
        throw new IllegalArgumentException(TIME_RULE);
    }

    /**
     * A time from a request body, held to the same years as query times: outside them it is a 422 naming
     * the field, and nothing is stored. Null (absent) passes.
     */
    public static Instant bodyTime(String field, Instant value) {
        if (value != null && !Timeline.inRange(value)) {
            throw InvalidRequest.of(field, TIME_RULE);
        }
        return value;
    }

    /** A date from a request body, in the years 1900 to 9999; null passes. */
    public static java.time.LocalDate bodyDate(String field, java.time.LocalDate value) {
        if (value != null && (value.getYear() < FIRST_YEAR || value.getYear() > LAST_YEAR)) {
            throw InvalidRequest.of(field, "an ISO-8601 date such as 2026-03-03, in the years " + FIRST_YEAR + " to "
                    + LAST_YEAR);
        }
        return value;
    }

    /**
     * A whole number in ASCII digits, with a leading minus for a negative one, and nothing else: Java's own
     * parsers also take a plus sign and any script's digits (Arabic-Indic, fullwidth).
     *
     * @throws NumberFormatException otherwise
     */
    public static long asciiLong(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 20) {
            throw new NumberFormatException("not a number");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c == '-' && i == 0 && raw.length() > 1)) {
                throw new NumberFormatException("not a number in ASCII digits");
            }
        }
        return Long.parseLong(raw);
    }

    /** {@link #asciiLong} within int's range. */
    public static int asciiInt(String raw) {
        long value = asciiLong(raw);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new NumberFormatException("out of range");
        }
        return (int) value;
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
