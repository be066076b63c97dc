package uk.smartmeter.restricted.application.port.in;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import uk.smartmeter.restricted.domain.device.Actor;

/**
 * Builds a month's report (MP169 BR6) from the events and the outcome logs: publish it (once), reproduce
 * it as published, or recompute it with everything known now as a new revision with its diff.
 */
public interface RunMonthlyReports {

    enum Mode {
        /** The month's first report, at the store's head: revision 1, fixed from then on. */
        PUBLISH,
        /** The published report again, from the events up to its position and the same logs: byte-identical. */
        REPRODUCE,
        /** A new revision at the store's head, kept beside the published one, with the diff. */
        RECOMPUTE
    }

    /** Starts a run in the background and answers at once; follow it with {@link #status}. */
    ReportRun start(Actor by, YearMonth month, List<String> logs, Mode mode);

    /** Runs to the end on this thread (the CLI), telling {@code progress} as it goes. */
    ReportRun run(Actor by, YearMonth month, List<String> logs, Mode mode, java.util.function.Consumer<ReportRun> progress);

    Optional<ReportRun> status(long runId);

    /** Asks a running run to stop; it ends {@code CANCELLED} at its next row buffer or event. Empty when unknown. */
    Optional<ReportRun> cancel(Actor by, long runId);
}
