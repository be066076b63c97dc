package uk.smartmeter.restricted.adapter.reporting;

import java.util.Map;
import uk.smartmeter.restricted.application.port.out.ReportForms;
import uk.smartmeter.restricted.application.port.out.ReportOutputs;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;

/** The report's forms: JSON ({@link ReportJson}), CSV ({@link ReportCsv}) and the SVG chart ({@link ReportChart}). */
final class ReportFormWriters implements ReportForms {

    @Override
    public ReportOutputs render(MonthlyReport report) {
        return new ReportOutputs(ReportJson.write(report), ReportCsv.write(report), ReportChart.svg(report));
    }

    @Override
    public Map<String, String> figures(String csv) {
        return ReportCsv.figures(csv);
    }
}
