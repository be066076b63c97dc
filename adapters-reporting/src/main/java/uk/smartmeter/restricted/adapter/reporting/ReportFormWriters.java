package uk.smartmeter.restricted.adapter.reporting;

import java.math.BigDecimal;
import java.util.Map;
import uk.smartmeter.restricted.application.port.out.ReportForms;
import uk.smartmeter.restricted.application.port.out.ReportOutputs;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;

/**
 * The report's forms: JSON ({@link ReportJson}), CSV ({@link ReportCsv}) and the SVG chart ({@link ReportChartV2};
 * {@link ReportChart} for revisions drawn before it, so that they reproduce byte for byte).
 */
final class ReportFormWriters implements ReportForms {

    private final BigDecimal targetServiceLevel;

    /** @param targetServiceLevel the share within target the chart draws as a line; null: none */
    ReportFormWriters(BigDecimal targetServiceLevel) {
        this.targetServiceLevel = targetServiceLevel;
    }

    @Override
    public ReportOutputs render(MonthlyReport report, Caption caption) {
        String chart = caption.chart() == 1 ? ReportChart.svg(report)
                : ReportChartV2.svg(report, caption, targetServiceLevel);
        return new ReportOutputs(ReportJson.write(report), ReportCsv.write(report), chart);
    }

    @Override
    public int chartOf(String svg) {
        return svg != null && svg.contains(ReportChartV2.MARKER) ? CURRENT_CHART : 1;
    }

    @Override
    public Map<String, String> figures(String csv) {
        return ReportCsv.figures(csv);
    }
}
