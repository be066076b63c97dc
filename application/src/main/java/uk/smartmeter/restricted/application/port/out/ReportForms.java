package uk.smartmeter.restricted.application.port.out;

import java.util.Map;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;

/** The forms a report is published in (JSON, CSV, an SVG chart), written from its content. */
public interface ReportForms {

    ReportOutputs render(MonthlyReport report);

    /** The figures of a report's CSV form, by their key, as {@code ReportFigures} names them. */
    Map<String, String> figures(String csv);
}
