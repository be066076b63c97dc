package uk.smartmeter.restricted.domain.reporting;

import java.util.LinkedHashMap;
import java.util.Map;
import uk.smartmeter.restricted.domain.reporting.MonthFacts.Install;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport.RegionFigures;

/**
 * A report's figures by name, {@code section,subject,figure} (a name that holds a comma or a quote is quoted as
 * RFC 4180 does), in one fixed order: what a diff of two revisions compares, and what the CSV form lists.
 */
public final class ReportFigures {

    private ReportFigures() {
    }

    /** Every figure by its key {@code section,subject,figure}, in the CSV's order. */
    public static Map<String, String> of(MonthlyReport report) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("inputs,month,eventPosition", Long.toString(report.eventPosition()));
        rows.put("inputs,month,month", report.month().toString());
        report.logs().forEach(log -> rows.put("inputs," + quote(log.name()) + ",sha256", log.sha256()));
        for (RegionFigures f : report.regions()) {
            String region = "measure," + f.region() + ",";
            rows.put(region + "reportedRequests", Long.toString(f.requests()));
            rows.put(region + "reportedWithinTarget", Long.toString(f.withinTarget()));
            rows.put(region + "reportedShare", f.reportedShare());
            rows.put(region + "adjustedRequests", Long.toString(f.adjustedRequests()));
            rows.put(region + "adjustedWithinTarget", Long.toString(f.adjustedWithinTarget()));
            rows.put(region + "adjustedShare", f.adjustedShare());
            rows.put(region + "excludedGateDenial", Long.toString(f.gateDenials()));
            rows.put(region + "excludedRestrictedConsumption", Long.toString(f.restrictedConsumption()));
            rows.put(region + "unverifiedDenialClaims", Long.toString(f.unverifiedDenialClaims()));
            rows.put(region + "nonCommunicatingFault", Long.toString(f.nonCommunicatingFault()));
            rows.put(region + "nonCommunicatingConsumerChoice", Long.toString(f.nonCommunicatingConsumerChoice()));
            rows.put(region + "restrictedDevices", Long.toString(f.restrictedDevices()));
            rows.put(region + "restrictedDeviceDays", f.restrictedDeviceDays());
        }
        for (Install install : report.installs()) {
            String supplier = "installs," + quote(install.supplier()) + ",";
            rows.put(supplier + "commissioned", Long.toString(install.commissioned()));
            rows.put(supplier + "ofWhichRestricted", Long.toString(install.restricted()));
        }
        rows.put("malformed,all,rows", Long.toString(report.malformedRows()));
        return rows;
    }

    static String quote(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\r") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
