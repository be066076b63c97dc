package uk.smartmeter.restricted.application.port.out;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * A stored report of a month: its revision (1 = published), the event-store position, SRV catalogue and
 * outcome logs it was computed from (name and SHA-256 each), the SHA-256 of its JSON and of each stored
 * form, who made it and when. A form is served only when its file still has that SHA-256.
 *
 * @param catalogueVersion the SRV catalogue's version; null for revisions stored before it was kept
 * @param formSha256       form ({@code json}, {@code csv}, {@code svg}, {@code explanation}) to the SHA-256 of its
 *                         file; empty for revisions stored before the forms' hashes were kept (their JSON is
 *                         still checked against {@code reportSha256})
 * @param formBytes        form to the size of its file, checked before a file is read
 * @param checkpointSize   the tree size of the history checkpoint issued when the revision was stored, which it
 *                         cites (null for revisions stored before checkpoints existed)
 * @param checkpointNote   that checkpoint's signed note
 */
public record ReportRevision(YearMonth month, int revision, boolean published, long eventPosition,
                             List<LogFile> logs, String reportSha256, Instant createdAt, String createdBy,
                             String catalogueVersion, java.util.Map<String, String> formSha256,
                             java.util.Map<String, Long> formBytes, Long checkpointSize, String checkpointNote) {

    /** A revision without a cited checkpoint (stored before checkpoints existed, or not yet cited). */
    public ReportRevision(YearMonth month, int revision, boolean published, long eventPosition, List<LogFile> logs,
                          String reportSha256, Instant createdAt, String createdBy, String catalogueVersion,
                          java.util.Map<String, String> formSha256, java.util.Map<String, Long> formBytes) {
        this(month, revision, published, eventPosition, logs, reportSha256, createdAt, createdBy, catalogueVersion,
                formSha256, formBytes, null, null);
    }

    public ReportRevision {
        logs = List.copyOf(logs);
        formSha256 = formSha256 == null ? java.util.Map.of() : new java.util.TreeMap<>(formSha256);
        formBytes = formBytes == null ? java.util.Map.of() : new java.util.TreeMap<>(formBytes);
    }

    public record LogFile(String name, String sha256) {
    }
}
