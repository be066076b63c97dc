package uk.smartmeter.restricted.domain.history;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.Actor;

/**
 * A DCC operator asked for the history to be rebuilt from the event store: who, when and why. Stored in the
 * global event stream (outside every device's), so it is itself an entry of the history it rebuilds.
 *
 * @param rebuildId the rebuild's identifier, as the request gave it
 * @param reason    why, in the operator's words
 */
public record HistoryRebuildRequested(String rebuildId, Actor actor, String reason, Instant recordedAt) {

    public HistoryRebuildRequested {
        Objects.requireNonNull(rebuildId, "rebuildId is required");
        Objects.requireNonNull(actor, "actor is required");
        Objects.requireNonNull(reason, "reason is required");
        recordedAt = Objects.requireNonNull(recordedAt, "recordedAt is required").truncatedTo(ChronoUnit.MICROS);
    }
}
