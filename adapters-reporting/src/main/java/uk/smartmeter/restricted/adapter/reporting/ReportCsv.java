package uk.smartmeter.restricted.adapter.reporting;

import java.util.LinkedHashMap;
import java.util.Map;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;
import uk.smartmeter.restricted.domain.reporting.ReportFigures;

/**
 * The report's figures as RFC 4180 CSV, one figure a row ({@code section,subject,figure,value}; CRLF;
 * a header row), reported and adjusted side by side per region. The same rows are what a diff compares.
 */
public final class ReportCsv {

    public static final String HEADER = "section,subject,figure,value";

    private ReportCsv() {
    }

    public static String write(MonthlyReport report) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        ReportFigures.of(report).forEach((key, value) -> csv.append(key).append(',').append(value).append("\r\n"));
        return csv.toString();
    }

    /** The figures of a report's CSV form, by their key: what {@link #write} wrote, read back. */
    public static Map<String, String> figures(String csv) {
        Map<String, String> figures = new LinkedHashMap<>();
        String[] lines = csv.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int cut = lines[i].lastIndexOf(',');
            figures.put(lines[i].substring(0, cut), lines[i].substring(cut + 1));
        }
        return figures;
    }
}
