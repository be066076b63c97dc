package uk.smartmeter.restricted.application.port.out;

import java.util.List;
import uk.smartmeter.restricted.domain.reporting.MonthlyReports;

/** The DSP's outcome log files a report reads, by name. */
public interface OutcomeLogs {

    /** The logs, ready to open, in the order given; refuses a name that is not a readable log. */
    List<MonthlyReports.Log> resolve(List<String> names);

    /** Their total size in bytes, for progress. */
    long totalBytes(List<String> names);
}
