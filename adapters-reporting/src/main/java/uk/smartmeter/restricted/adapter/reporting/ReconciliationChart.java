package uk.smartmeter.restricted.adapter.reporting;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;
import uk.smartmeter.restricted.application.port.out.ReconciliationRun;
import uk.smartmeter.restricted.domain.reconciliation.MismatchKind;

/**
 * A reconciliation's chart, drawn by JFreeChart into JFreeSVG: findings of each kind as a stacked bar, those on
 * Restricted meters apart from the rest, with the counts on the bars, a legend, and the run, its store position and
 * its inputs' digests in the caption. The same run always draws the same SVG (fixed size, fonts and definition keys).
 */
final class ReconciliationChart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 540;

    private ReconciliationChart() {
    }

    static String svg(ReconciliationRun run) {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (MismatchKind kind : MismatchKind.values()) {
            long all = run.counts().getOrDefault(kind, 0L);
            long restricted = run.restricted().getOrDefault(kind, 0L);
            String label = label(kind);
            data.addValue(restricted, "On Restricted meters", label);
            data.addValue(all - restricted, "On other meters and meter points", label);
        }
        JFreeChart chart = ChartFactory.createStackedBarChart("Reconciliation " + run.reconciliationId()
                + " with registration", "Kind of finding", "Findings", data, PlotOrientation.VERTICAL, true, false, false);
        Font body = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        chart.addSubtitle(new TextTitle(caption(run), body));
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setItemFont(body);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xB1B4B6));
        plot.setRangeGridlineStroke(new BasicStroke(0.5f));
        NumberAxis counts = (NumberAxis) plot.getRangeAxis();
        counts.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.UK));
        counts.setTickLabelFont(body);
        counts.setLabelFont(body);
        CategoryAxis kinds = plot.getDomainAxis();
        kinds.setTickLabelFont(body);
        kinds.setLabelFont(body);
        kinds.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        kinds.setMaximumCategoryLabelLines(3);
        StackedBarRenderer bars = (StackedBarRenderer) plot.getRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, new Color(0xD4351C));
        bars.setSeriesPaint(1, new Color(0x1D70B8));
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                java.text.NumberFormat.getIntegerInstance(Locale.UK)));
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(body);
        SVGGraphics2D svg = new SVGGraphics2D(WIDTH, HEIGHT);
        svg.setDefsKeyPrefix("recon");
        chart.draw(svg, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        return svg.getSVGDocument();
    }

    private static String label(MismatchKind kind) {
        return switch (kind) {
            case FLAG_UNDER_UNREGISTERED_SUPPLIER -> "Flag under an unregistered Supplier";
            case CHANGE_OF_SUPPLIER_NOT_RECEIVED -> "Change of Supplier not received";
            case FUEL_OR_ROLE_MISMATCH -> "Fuel or role mismatch";
            case MPXN_UNKNOWN -> "MPxN unknown to the store";
            case NO_REGISTRATION -> "Store meter with no registration";
        };
    }

    private static String caption(ReconciliationRun run) {
        StringBuilder caption = new StringBuilder(String.format(Locale.UK, "%,d registration lines, %,d meter points"
                + " in force, %,d store meters at event-store position %d; inputs", run.linesRead(), run.meterPoints(),
                run.storeMeters(), run.storePosition()));
        run.inputs().forEach(input -> caption.append(' ').append(input.name()).append(" (SHA-256 ")
                .append(input.sha256(), 0, 12).append("…)"));
        return caption.toString();
    }
}
