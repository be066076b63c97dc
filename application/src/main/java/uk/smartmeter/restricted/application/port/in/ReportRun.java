package uk.smartmeter.restricted.application.port.in;

import java.time.Instant;
import java.time.YearMonth;
import uk.smartmeter.restricted.application.port.out.Reproduction;

/**
 * A report run as it stands: its progress (bytes of the outcome logs read, and an ETA from the rate so
 * far), then its result: the revision stored, or for a reproduction whether it came out byte-identical
 * and, when not, which inputs and forms differ.
 */
public record ReportRun(long runId, YearMonth month, String mode, String state, long eventsRead, long rowsRead,
                        long bytesRead,
                        long bytesTotal, Instant startedAt, Long etaSeconds, Integer revision, String reportSha256,
                        Boolean identical, String failure, java.util.List<Reproduction.Difference> differences) {

    /** Waiting for the runs before it on this node. */
    public static final String QUEUED = "QUEUED";
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";
    public static final String CANCELLED = "CANCELLED";

    public ReportRun {
        differences = differences == null ? java.util.List.of() : java.util.List.copyOf(differences);
    }

    public ReportRun(long runId, YearMonth month, String mode, String state, long eventsRead, long rowsRead,
                     long bytesRead, long bytesTotal, Instant startedAt, Long etaSeconds, Integer revision,
                     String reportSha256, Boolean identical, String failure) {
        this(runId, month, mode, state, eventsRead, rowsRead, bytesRead, bytesTotal, startedAt, etaSeconds, revision,
                reportSha256, identical, failure, java.util.List.of());
    }
}
