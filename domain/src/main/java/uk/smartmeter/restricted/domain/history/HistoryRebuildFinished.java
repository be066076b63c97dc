package uk.smartmeter.restricted.domain.history;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.Actor;

/**
 * How a rebuild ended: {@code SWAPPED_IN} (the rebuilt tables replaced the live ones), {@code REFUSED} (the
 * rebuilt tree contradicts a signed checkpoint, named in the detail; the live tables are untouched) or
 * {@code FAILED}.
 */
public record HistoryRebuildFinished(String rebuildId, Actor actor, Outcome outcome, String detail,
                                     Instant recordedAt) {

    public enum Outcome { SWAPPED_IN, REFUSED, FAILED }

    public HistoryRebuildFinished {
        Objects.requireNonNull(rebuildId, "rebuildId is required");
        Objects.requireNonNull(actor, "actor is required");
        Objects.requireNonNull(outcome, "outcome is required");
        Objects.requireNonNull(detail, "detail is required");
        recordedAt = Objects.requireNonNull(recordedAt, "recordedAt is required").truncatedTo(ChronoUnit.MICROS);
    }
}
