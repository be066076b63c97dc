package uk.smartmeter.restricted.adapter.reporting;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals.Interval;
import uk.smartmeter.restricted.domain.reporting.MonthFacts.MeterMonth;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport.RegionFigures;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;

/**
 * The report's chart as SVG: above, the share of requests within target per region, reported against
 * adjusted; below, the Restricted meters on each day of the month. Coordinates are whole numbers, so the
 * same report always draws the same bytes.
 */
public final class ReportChart {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 520;
    private static final int LEFT = 70;
    private static final int PLOT_WIDTH = 660;
    private static final int BARS_TOP = 60;
    private static final int BARS_HEIGHT = 180;
    private static final int LINE_TOP = 320;
    private static final int LINE_HEIGHT = 150;

    private ReportChart() {
    }

    public static String svg(MonthlyReport report) {
        StringBuilder svg = new StringBuilder(8192);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(svg, LEFT, 24, 16, "Restricted mode (MP169): performance for " + report.month());
        text(svg, LEFT, 46, 12, "Share of requests within Target Response Time: reported (grey) and adjusted (blue)");
        axis(svg, BARS_TOP, BARS_HEIGHT, "100%", "0%");
        List<RegionFigures> regions = report.regions();
        int group = PLOT_WIDTH / regions.size();
        for (int i = 0; i < regions.size(); i++) {
            RegionFigures f = regions.get(i);
            int x = LEFT + i * group + group / 2 - 44;
            bar(svg, x, share(f.withinTarget(), f.requests()), "#9e9e9e", f.reportedShare());
            bar(svg, x + 46, share(f.adjustedWithinTarget(), f.adjustedRequests()), "#1565c0", f.adjustedShare());
            text(svg, x + 4, BARS_TOP + BARS_HEIGHT + 18, 12, f.region());
        }
        int[] perDay = restrictedPerDay(report.month(), report.exclusionList());
        int max = 1;
        for (int count : perDay) {
            max = Math.max(max, count);
        }
        text(svg, LEFT, LINE_TOP - 14, 12, "Restricted meters on each day (at any moment of the day)");
        axis(svg, LINE_TOP, LINE_HEIGHT, Integer.toString(max), "0");
        svg.append("<polyline fill=\"none\" stroke=\"#c62828\" stroke-width=\"2\" points=\"");
        for (int day = 0; day < perDay.length; day++) {
            int x = LEFT + (perDay.length == 1 ? 0 : day * PLOT_WIDTH / (perDay.length - 1));
            int y = LINE_TOP + LINE_HEIGHT - perDay[day] * LINE_HEIGHT / max;
            svg.append(day == 0 ? "" : " ").append(x).append(',').append(y);
        }
        svg.append("\"/>\n");
        text(svg, LEFT, LINE_TOP + LINE_HEIGHT + 18, 12, report.month().atDay(1).toString());
        text(svg, LEFT + PLOT_WIDTH - 70, LINE_TOP + LINE_HEIGHT + 18, 12, report.month().atEndOfMonth().toString());
        return svg.append("</svg>\n").toString();
    }

    /** Parts per ten thousand, for drawing. */
    private static int share(long within, long requests) {
        return requests == 0 ? 0 : (int) (within * 10_000 / requests);
    }

    private static void bar(StringBuilder svg, int x, int share, String colour, String label) {
        int height = share * BARS_HEIGHT / 10_000;
        svg.append("<rect x=\"").append(x).append("\" y=\"").append(BARS_TOP + BARS_HEIGHT - height)
                .append("\" width=\"40\" height=\"").append(height).append("\" fill=\"").append(colour).append("\"/>\n");
        text(svg, x, BARS_TOP + BARS_HEIGHT - height - 4, 10, label.isEmpty() ? "-" : label);
    }

    private static void axis(StringBuilder svg, int top, int height, String high, String low) {
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(top + height).append("\" x2=\"")
                .append(LEFT + PLOT_WIDTH).append("\" y2=\"").append(top + height).append("\" stroke=\"black\"/>\n");
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(top).append("\" x2=\"").append(LEFT)
                .append("\" y2=\"").append(top + height).append("\" stroke=\"black\"/>\n");
        text(svg, 8, top + 4, 10, high);
        text(svg, 8, top + height, 10, low);
    }

    private static void text(StringBuilder svg, int x, int y, int size, String value) {
        svg.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" font-size=\"").append(size)
                .append("\">").append(value.replace("&", "&amp;").replace("<", "&lt;")).append("</text>\n");
    }

    static int[] restrictedPerDay(YearMonth month, List<MeterMonth> meters) {
        int days = month.lengthOfMonth();
        int[] counts = new int[days];
        Instant start = RestrictedIntervals.startOf(month);
        for (MeterMonth meter : meters) {
            for (int day = 0; day < days; day++) {
                Instant from = start.plusSeconds(86_400L * day);
                Instant to = from.plusSeconds(86_400);
                for (Interval interval : meter.intervals()) {
                    if (interval.from().isBefore(to) && interval.to().isAfter(from)) {
                        counts[day]++;
                        break;
                    }
                }
            }
        }
        return counts;
    }
}
