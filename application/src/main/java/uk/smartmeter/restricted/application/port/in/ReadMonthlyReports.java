package uk.smartmeter.restricted.application.port.in;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import uk.smartmeter.restricted.application.port.out.ReportRevision;
import uk.smartmeter.restricted.domain.reporting.ReportDiff;

/** The stored reports: months, revisions, each revision's forms, and what a revision changed against the published one. */
public interface ReadMonthlyReports {

    List<YearMonth> months();

    List<ReportRevision> revisions(YearMonth month);

    /** A form ({@code json}, {@code csv}, {@code svg}, {@code explanation}) of a revision; 0 means the published one. */
    Optional<String> output(YearMonth month, int revision, String form);

    /** The month's stored reproductions: who, when, and what differed. */
    List<uk.smartmeter.restricted.application.port.out.Reproduction> reproductions(YearMonth month);

    /** The figures a revision changed against the published report; empty when either is missing. */
    Optional<List<ReportDiff.Change>> diff(YearMonth month, int revision);
}
