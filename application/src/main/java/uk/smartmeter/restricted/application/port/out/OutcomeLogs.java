package uk.smartmeter.restricted.application.port.out;

import java.util.List;
import uk.smartmeter.restricted.domain.reporting.MonthlyReports;

/** The DSP's outcome log files a report reads, by name. */
public interface OutcomeLogs {

    /** The logs, ready to open, in the order given; refuses a name that is not a readable log. */
    List<MonthlyReports.Log> resolve(List<String> names);

    /**
     * A log's one name: its normalised path in the outcome-log folder ({@code ./a.csv} and {@code x/../a.csv}
     * are {@code a.csv}), so that a report records, and a run refuses to repeat, the file and not a spelling.
     * Refuses a name that is not a readable log.
     */
    String canonical(String name);

    /** Their total size in bytes, for progress. */
    long totalBytes(List<String> names);
}
