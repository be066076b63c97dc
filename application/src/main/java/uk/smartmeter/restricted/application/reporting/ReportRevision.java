package uk.smartmeter.restricted.application.reporting;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * A stored report of a month: its revision (1 = published), the event-store position and outcome logs it
 * was computed from (name and SHA-256 each), the SHA-256 of its JSON, who made it and when.
 */
public record ReportRevision(YearMonth month, int revision, boolean published, long eventPosition,
                             List<LogFile> logs, String reportSha256, Instant createdAt, String createdBy) {

    public ReportRevision {
        logs = List.copyOf(logs);
    }

    public record LogFile(String name, String sha256) {
    }
}
