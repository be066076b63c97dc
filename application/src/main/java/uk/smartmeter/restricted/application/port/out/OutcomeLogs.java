package uk.smartmeter.restricted.application.port.out;

import java.io.IOException;
import java.time.YearMonth;
import java.util.List;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;
import uk.smartmeter.restricted.domain.reporting.OutcomeRowSink;
import uk.smartmeter.restricted.domain.reporting.SrvIndex;

/** The DSP's outcome log files a report reads, by name, and the one streaming pass that reads them. */
public interface OutcomeLogs {

    /** Told after each buffer: the bytes and the rows (good and malformed, not the headers) read so far, all logs. */
    @FunctionalInterface
    interface Progress {
        void at(long bytes, long rows);
    }

    /**
     * What a pass read: each log's name, SHA-256 and counts in the order read, the malformed rows counted, and the
     * first of them named.
     */
    record Read(List<MonthlyReport.LogInput> inputs, long malformed, List<MonthlyReport.MalformedRow> named) {
    }

    /**
     * Reads the named logs in the order given, each good row of the month into {@code rows} (SRVs as {@code srvs}
     * numbers them). Refuses a name that is not a readable log.
     */
    Read read(List<String> names, SrvIndex srvs, YearMonth month, OutcomeRowSink rows, Progress progress)
            throws IOException;

    /**
     * A log's one name: its normalised path in the outcome-log folder ({@code ./a.csv} and {@code x/../a.csv}
     * are {@code a.csv}), so that a report records, and a run refuses to repeat, the file and not a spelling.
     * Refuses a name that is not a readable log.
     */
    String canonical(String name);

    /** Their total size in bytes, for progress. */
    long totalBytes(List<String> names);
}
