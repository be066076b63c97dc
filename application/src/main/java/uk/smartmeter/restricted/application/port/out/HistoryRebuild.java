package uk.smartmeter.restricted.application.port.out;

import java.time.Instant;

/**
 * A rebuild of the history: who asked, when and why, the node that runs it, and how it stands: RUNNING,
 * SWAPPED_IN, REFUSED (the rebuilt tree contradicts a signed checkpoint; the live history is untouched) or
 * FAILED.
 */
public record HistoryRebuild(String rebuildId, String party, String actingUser, String reason, Instant requestedAt,
                             String node, String status, Instant finishedAt, String detail) {
}
