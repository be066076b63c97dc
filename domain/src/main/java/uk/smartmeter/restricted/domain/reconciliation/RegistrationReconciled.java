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
 * @param scope      a snapshot of every registered point, or a day's delta; null in an event recorded before runs had
 *                   a scope (they were snapshots)
 * @param forms      the SHA-256 of each stored form of a done run (by form name), so that the history itself vouches
 *                   for the report kept beside the monthly reports; empty for a failed run
 */
public record RegistrationReconciled(String reconciliationId, Actor actor, Instant requestedAt, Instant recordedAt,
                                     String outcome, String detail, List<Input> inputs, long storePosition,
                                     Map<MismatchKind, Long> counts, Map<MismatchKind, Long> restricted,
                                     RegistrationScope scope, Map<String, String> forms) {

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
        // scope stays null in an event recorded before runs had one (a snapshot), so that its entry derives again
        // exactly as it was first derived
        forms = forms == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(forms));
    }

    /** In the kinds' order, so that the event's JSON (and its digest) is the same on every JVM. */
    private static Map<MismatchKind, Long> ordered(Map<MismatchKind, Long> counts) {
        java.util.EnumMap<MismatchKind, Long> ordered = new java.util.EnumMap<>(MismatchKind.class);
        if (counts != null) {
            ordered.putAll(counts);
        }
        return java.util.Collections.unmodifiableMap(ordered);
    }

    /** The forms the summary names (the event names the per-kind listings too). */
    private static final List<String> SUMMARY_FORMS = List.of("json", "csv", "svg", "findings", "bad-lines");
    /** At most this long: the history's detail column. */
    public static final int SUMMARY_MAX = 4000;

    /**
     * One line for the history's detail, at most {@value #SUMMARY_MAX} characters: the outcome, the counts and the
     * forms' digests first, then the inputs (cut, if need be, the event holding them all).
     */
    public String summary() {
        if (scope == null) {
            return firstSummary();
        }
        StringBuilder text = new StringBuilder("reconciliation ").append(reconciliationId).append(' ').append(outcome)
                .append(" (").append(scope).append(')');
        if (detail != null) {
            text.append(": ").append(detail);
        }
        text.append("; store position ").append(storePosition);
        if (!counts.isEmpty()) {
            text.append("; findings");
            for (MismatchKind kind : MismatchKind.values()) {
                text.append(' ').append(kind).append('=').append(counts.getOrDefault(kind, 0L)).append(" (")
                        .append(restricted.getOrDefault(kind, 0L)).append(" Restricted)");
            }
        }
        if (!forms.isEmpty()) {
            text.append("; forms");
            for (String form : SUMMARY_FORMS) {
                if (forms.containsKey(form)) {
                    text.append(' ').append(form).append(" sha256 ").append(forms.get(form));
                }
            }
        }
        text.append("; inputs");
        for (Input input : inputs) {
            text.append(' ').append(input.name()).append(" sha256 ").append(input.sha256()).append(" (")
                    .append(input.lines()).append(" lines, ").append(input.badLines()).append(" bad)");
        }
        if (text.length() > SUMMARY_MAX) {
            // the history's detail holds 4,000 characters: the event itself, whose SHA-256 the entry names, holds all
            String cut = " ... (cut: the event names every input)";
            int keep = SUMMARY_MAX - cut.length();
            if (Character.isLowSurrogate(text.charAt(keep))) {
                keep--;
            }
            text.setLength(keep);
            text.append(cut);
        }
        return text.toString();
    }

    /**
     * The detail as an event recorded before runs had a scope was first derived, character for character, so that
     * verifying or rebuilding the history derives its entry again exactly.
     */
    private String firstSummary() {
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
