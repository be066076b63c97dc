package uk.smartmeter.restricted.adapter.rest.problem;

import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** Parsers of query and path values, each failing with the rule the value breaks (for {@link InvalidRequest}). */
public final class Params {

    private Params() {
    }

    public static Instant instant(String raw) {
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException invalid) {
            throw new IllegalArgumentException("an ISO-8601 UTC time such as 2026-03-03T12:00:00Z");
        }
    }

    public static YearMonth month(String raw) {
        try {
            return YearMonth.parse(raw);
        } catch (DateTimeParseException invalid) {
            throw new IllegalArgumentException("a month such as 2026-10");
        }
    }
}
