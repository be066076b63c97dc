package uk.smartmeter.restricted.application.port.out;

import uk.smartmeter.restricted.domain.reporting.MonthlyReport;
import uk.smartmeter.restricted.domain.reporting.ReportChart;
import uk.smartmeter.restricted.domain.reporting.ReportCsv;
import uk.smartmeter.restricted.domain.reporting.ReportJson;

/** A report's three forms: JSON, CSV of its figures, and the SVG chart. */
public record ReportOutputs(String json, String csv, String svg) {

    public static ReportOutputs of(MonthlyReport report) {
        return new ReportOutputs(ReportJson.write(report), ReportCsv.write(report), ReportChart.svg(report));
    }
}
