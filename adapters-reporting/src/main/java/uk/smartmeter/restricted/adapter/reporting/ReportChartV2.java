package uk.smartmeter.restricted.adapter.reporting;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import uk.smartmeter.restricted.application.port.out.ReportForms;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport.RegionFigures;

/**
 * The report's chart (issue 19), drawn by JFreeChart into JFreeSVG: above, the share of requests within their Target
 * Response Time per region, reported against adjusted, on a percent axis whose range and ticks follow the figures,
 * each bar labelled as a percentage, with a legend and the Target Service Level as a line when one is configured;
 * below, the Restricted meters on each day of the month. The caption names the revision, the history checkpoint
 * cited and the requests left out of the adjusted figures. Fixed size, fonts and definition keys: the same report
 * draws the same bytes on the same fonts. The {@link #MARKER} tells this chart from the first one.
 */
final class ReportChartV2 {

    static final String MARKER = "<desc>restricted-mode/report-chart/v2</desc>";
    private static final int WIDTH = 960;
    private static final int SHARES_HEIGHT = 460;
    private static final int DAYS_HEIGHT = 300;
    private static final Font BODY = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Color REPORTED = new Color(0x505A5F);
    private static final Color ADJUSTED = new Color(0x1D70B8);
    private static final Color TARGET = new Color(0xD4351C);

    private ReportChartV2() {
    }

    static String svg(MonthlyReport report, ReportForms.Caption caption, BigDecimal targetServiceLevel) {
        System.setProperty("java.awt.headless", "true");
        SVGGraphics2D svg = new SVGGraphics2D(WIDTH, SHARES_HEIGHT + DAYS_HEIGHT);
        svg.setDefsKeyPrefix("report");
        shares(report, caption, targetServiceLevel).draw(svg, new Rectangle2D.Double(0, 0, WIDTH, SHARES_HEIGHT));
        days(report).draw(svg, new Rectangle2D.Double(0, SHARES_HEIGHT, WIDTH, DAYS_HEIGHT));
        String document = svg.getSVGDocument();
        int open = document.indexOf('>', document.indexOf("<svg")) + 1;
        return document.substring(0, open) + MARKER + document.substring(open) + "\n";
    }

    private static JFreeChart shares(MonthlyReport report, ReportForms.Caption caption, BigDecimal target) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        double lowest = target == null ? 1.0 : target.doubleValue();
        for (RegionFigures region : report.regions()) {
            // a region with no requests has no share: no bar, and it does not stretch the axis
            Double reported = share(region.withinTarget(), region.requests());
            Double adjusted = share(region.adjustedWithinTarget(), region.adjustedRequests());
            data.addValue(reported, "Reported", region.region());
            data.addValue(adjusted, "Adjusted for Restricted meters", region.region());
            for (Double value : new Double[] {reported, adjusted}) {
                if (value != null) {
                    lowest = Math.min(lowest, value);
                }
            }
        }
        CategoryAxis regions = new CategoryAxis("Region");
        regions.setTickLabelFont(BODY);
        regions.setLabelFont(BODY);
        NumberAxis percent = new NumberAxis("Requests within Target Response Time");
        percent.setLabelFont(BODY);
        percent.setTickLabelFont(BODY);
        percent.setNumberFormatOverride(percentFormat(lowest));
        // the range follows the figures: from a little below the lowest share (on a whole tick) to 100%
        double floor = Math.max(0, Math.floor((lowest - 0.005) * 100) / 100);
        // a little room above 100% for the bars' labels
        percent.setRange(floor, 1.0 + (1.0 - floor) * 0.06);
        percent.setStandardTickUnits(percentTicks());
        percent.setAutoTickUnitSelection(true);
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, REPORTED);
        bars.setSeriesPaint(1, ADJUSTED);
        bars.setItemMargin(0.05);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", percentFormat(0)));
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(BODY);
        CategoryPlot plot = new CategoryPlot(data, regions, percent, bars);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xB1B4B6));
        plot.setRangeGridlineStroke(new BasicStroke(0.5f));
        if (target != null) {
            ValueMarker line = new ValueMarker(target.doubleValue(), TARGET, new BasicStroke(2f));
            line.setLabel("Target Service Level " + percentFormat(0).format(target.doubleValue()));
            line.setLabelFont(BODY);
            line.setLabelPaint(TARGET);
            line.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            line.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            plot.addRangeMarker(line);
        }
        JFreeChart chart = new JFreeChart("Restricted mode (MP169): performance for " + report.month(),
                new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setItemFont(BODY);
        chart.addSubtitle(new TextTitle(excluded(report), BODY));
        chart.addSubtitle(new TextTitle(caption(report, caption), BODY));
        return chart;
    }

    private static JFreeChart days(MonthlyReport report) {
        int[] perDay = ReportChart.restrictedPerDay(report.month(), report.exclusionList());
        XYSeries series = new XYSeries("Restricted meters (at any moment of the day)");
        for (int day = 0; day < perDay.length; day++) {
            series.add(day + 1, perDay[day]);
        }
        NumberAxis days = new NumberAxis("Day of " + report.month());
        days.setLabelFont(BODY);
        days.setTickLabelFont(BODY);
        days.setRange(0.5, perDay.length + 0.5);
        days.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.UK));
        NumberAxis meters = new NumberAxis("Restricted meters");
        meters.setLabelFont(BODY);
        meters.setTickLabelFont(BODY);
        meters.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.UK));
        meters.setAutoRangeIncludesZero(true);
        XYStepRenderer steps = new XYStepRenderer();
        steps.setSeriesPaint(0, ADJUSTED);
        steps.setSeriesStroke(0, new BasicStroke(2f));
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), days, meters, steps);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xB1B4B6));
        JFreeChart chart = new JFreeChart("Restricted meters on each day", new Font(Font.SANS_SERIF, Font.BOLD, 14),
                plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setItemFont(BODY);
        return chart;
    }

    /** Requests left out of the adjusted figures, with why: the consumer's choice explains them. */
    private static String excluded(MonthlyReport report) {
        long denials = 0;
        long consumption = 0;
        for (RegionFigures region : report.regions()) {
            if (!"TOTAL".equals(region.region())) {
                denials += region.gateDenials();
                consumption += region.restrictedConsumption();
            }
        }
        return String.format(Locale.UK, "Left out of the adjusted figures: %,d requests denied by the gate (R1/R2),"
                + " %,d consumption requests on Restricted meters", denials, consumption);
    }

    private static String caption(MonthlyReport report, ReportForms.Caption caption) {
        return String.format(Locale.UK, "Revision %d; history checkpoint %s; event-store position %d; SRV catalogue %s",
                caption.revision(), caption.checkpointSize() == null ? "none cited"
                        : "of tree size " + caption.checkpointSize(), report.eventPosition(),
                report.catalogueVersion() == null ? "-" : report.catalogueVersion());
    }

    private static Double share(long within, long requests) {
        return requests == 0 ? null : (double) within / requests;
    }

    /** Whole percents on a wide range, one decimal place on a narrow one, so 95.8% and 97.2% read apart. */
    private static DecimalFormat percentFormat(double lowest) {
        DecimalFormat format = new DecimalFormat(lowest > 0.9 || lowest == 0 ? "0.0%" : "0%",
                DecimalFormatSymbols.getInstance(Locale.UK));
        return format;
    }

    private static TickUnits percentTicks() {
        TickUnits units = new TickUnits();
        for (double unit : List.of(0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25)) {
            units.add(new NumberTickUnit(unit, percentFormat(unit < 0.01 ? 1 : 0.5)));
        }
        return units;
    }
}
