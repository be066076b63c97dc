package uk.smartmeter.restricted.application.port.out;

import java.util.Map;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;

/** The forms a report is published in (JSON, CSV, an SVG chart), written from its content. */
public interface ReportForms {

    /** The chart every new revision is drawn with. */
    int CURRENT_CHART = 2;

    /**
     * What a revision's chart names beside the report: its revision, the history checkpoint it cites (null: none),
     * and which chart draws it (1: the hand-drawn chart of revisions made before issue 19; {@link #CURRENT_CHART}).
     */
    record Caption(int revision, Long checkpointSize, int chart) {
    }

    ReportOutputs render(MonthlyReport report, Caption caption);

    /** Which chart drew a served SVG form, so that a reproduction draws it again the same way. */
    int chartOf(String svg);

    /** The figures of a report's CSV form, by their key, as {@code ReportFigures} names them. */
    Map<String, String> figures(String csv);
}
