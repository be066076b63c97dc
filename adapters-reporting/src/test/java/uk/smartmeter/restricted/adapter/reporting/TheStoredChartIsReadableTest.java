package uk.smartmeter.restricted.adapter.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.batik.transcoder.TranscoderInput;
import org.apache.batik.transcoder.TranscoderOutput;
import org.apache.batik.transcoder.image.PNGTranscoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import uk.smartmeter.restricted.application.port.out.ReportForms;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;

/**
 * The stored chart (issue 19) as a regulator reads it: drawn by JFreeChart, rendered to PNG by Batik (so it is a
 * picture, not only markup; written under target/ to look at), and its text elements carry percent ticks close
 * enough to tell 95.8% from 97.2%, percentages on the bars, a legend, the Target Service Level, the excluded counts,
 * and the revision and checkpoint.
 */
class TheStoredChartIsReadableTest {

    static MonthlyReport report;

    @BeforeAll
    static void computeTheMonth() throws Exception {
        report = AHandComputedMonthTest.compute(AHandComputedMonthTest.events(), AHandComputedMonthTest.log(),
                new ArrayList<>());
    }

    private static String chart(BigDecimal target) {
        return new ReportFormWriters(target).render(report, new ReportForms.Caption(3, 1234L,
                ReportForms.CURRENT_CHART)).svg();
    }

    private static List<String> texts(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        NodeList nodes = factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)))
                .getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().trim());
        }
        return texts;
    }

    @Test
    void theChartRendersToAPictureWithPercentTicksLabelsALegendTheTargetAndTheCaption() throws Exception {
        String svg = chart(new BigDecimal("0.95"));
        PNGTranscoder png = new PNGTranscoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        png.transcode(new TranscoderInput(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))),
                new TranscoderOutput(out));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(image.getWidth()).isEqualTo(960);
        assertThat(image.getHeight()).isEqualTo(760);
        Path file = Path.of("target", "charts", "report-chart-v2.png");
        Files.createDirectories(file.getParent());
        Files.write(file, out.toByteArray());
        Files.writeString(file.resolveSibling("report-chart-v2.svg"), svg);

        List<String> texts = texts(svg);
        List<String> ticks = texts.stream().filter(text -> text.matches("\\d{1,3}(\\.\\d)?%")).toList();
        assertThat(ticks).as("percent ticks and labels").hasSizeGreaterThanOrEqualTo(5);
        assertThat(texts).as("the TOTAL bar's reported share, as a percentage").contains("85.5%");
        assertThat(texts).contains("Reported", "Adjusted for Restricted meters", "Target Service Level 95.0%",
                "Restricted meters (at any moment of the day)");
        assertThat(texts).anySatisfy(text -> assertThat(text).startsWith("Left out of the adjusted figures:")
                .contains("requests denied by the gate"));
        assertThat(texts).anySatisfy(text -> assertThat(text).startsWith("Revision 3; history checkpoint of tree"
                + " size 1234;"));
        assertThat(texts).noneMatch(text -> text.matches("0\\.\\d{4,}"));
    }

    @Test
    void withoutATargetServiceLevelThereIsNoTargetLineAndTheSameReportDrawsTheSameBytes() throws Exception {
        String svg = chart(null);
        assertThat(texts(svg)).noneMatch(text -> text.startsWith("Target Service Level"));
        assertThat(chart(null)).isEqualTo(svg);
        assertThat(svg).contains(ReportChartV2.MARKER);
        assertThat(new ReportFormWriters(null).chartOf(svg)).isEqualTo(ReportForms.CURRENT_CHART);
    }

    @Test
    void aRevisionDrawnBeforeIssue19IsDrawnAgainByTheFirstChartByteForByte() {
        String first = ReportChart.svg(report);
        ReportFormWriters writers = new ReportFormWriters(new BigDecimal("0.95"));
        assertThat(writers.chartOf(first)).isEqualTo(1);
        assertThat(writers.render(report, new ReportForms.Caption(1, null, writers.chartOf(first))).svg())
                .isEqualTo(first);
    }
}
