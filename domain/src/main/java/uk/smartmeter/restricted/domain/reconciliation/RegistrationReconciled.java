package uk.smartmeter.restricted.domain.reconciliation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.Actor;

/**
 * A reconciliation with registration was run (issue 18, F14): who asked, when, what it read (each input with its
 * SHA-256, its lines and how many were bad), the store position its view of the meters was taken at, and how many
 * findings of each kind it made. Stored in the global event stream, outside every device's, so it is an entry of the
 * history like a rebuild. It changes nothing else: findings are corrected, if at all, through the DCC's commands.
 *
 * @param outcome    {@code DONE}, or {@code FAILED} with the reason in {@code detail}
 * @param counts     findings by kind (every kind named, zero included); empty for a failed run
 * @param restricted of those, the findings on Restricted meters
 */
public record RegistrationReconciled(String reconciliationId, Actor actor, Instant requestedAt, Instant recordedAt,
                                     String outcome, String detail, List<Input> inputs, long storePosition,
                                     Map<MismatchKind, Long> counts, Map<MismatchKind, Long> restricted) {

    /** One registration file as read: its name, its SHA-256, its lines (the header not counted) and the bad ones. */
    public record Input(String name, String sha256, long lines, long badLines) {
        public Input {
            Objects.requireNonNull(name, "name is required");
            Objects.requireNonNull(sha256, "sha256 is required");
        }
    }

    public RegistrationReconciled {
        Objects.requireNonNull(reconciliationId, "reconciliationId is required");
        Objects.requireNonNull(actor, "actor is required");
        Objects.requireNonNull(outcome, "outcome is required");
        requestedAt = Objects.requireNonNull(requestedAt, "requestedAt is required").truncatedTo(ChronoUnit.MICROS);
        recordedAt = Objects.requireNonNull(recordedAt, "recordedAt is required").truncatedTo(ChronoUnit.MICROS);
        inputs = List.copyOf(inputs);
        counts = ordered(counts);
        restricted = ordered(restricted);
    }

    /** In the kinds' order, so that the event's JSON (and its digest) is the same on every JVM. */
    private static Map<MismatchKind, Long> ordered(Map<MismatchKind, Long> counts) {
        java.util.EnumMap<MismatchKind, Long> ordered = new java.util.EnumMap<>(MismatchKind.class);
        if (counts != null) {
            ordered.putAll(counts);
        }
        return java.util.Collections.unmodifiableMap(ordered);
    }

    /** One line for the history's detail: inputs with their digests, and the counts. */
    public String summary() {
        StringBuilder text = new StringBuilder("reconciliation ").append(reconciliationId).append(' ').append(outcome);
        if (detail != null) {
            text.append(": ").append(detail);
        }
        text.append("; store position ").append(storePosition).append("; inputs");
        for (Input input : inputs) {
            text.append(' ').append(input.name()).append(" sha256 ").append(input.sha256()).append(" (")
                    .append(input.lines()).append(" lines, ").append(input.badLines()).append(" bad)");
        }
        if (!counts.isEmpty()) {
            text.append("; findings");
            for (MismatchKind kind : MismatchKind.values()) {
                text.append(' ').append(kind).append('=').append(counts.getOrDefault(kind, 0L)).append(" (")
                        .append(restricted.getOrDefault(kind, 0L)).append(" Restricted)");
            }
        }
        return text.toString();
    }
}
