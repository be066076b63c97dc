package uk.smartmeter.restricted.adapter.reporting;

import uk.smartmeter.restricted.domain.history.RestrictedIntervals.Interval;
import uk.smartmeter.restricted.domain.reporting.MonthFacts.Install;
import uk.smartmeter.restricted.domain.reporting.MonthFacts.MeterMonth;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport.LogInput;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport.MalformedRow;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport.RegionFigures;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;

/** The report as JSON, schema {@value MonthlyReport#SCHEMA}: fields in a fixed order, so equal reports are equal bytes. */
public final class ReportJson {

    private ReportJson() {
    }

    public static String write(MonthlyReport r) {
        StringBuilder j = new StringBuilder(4096).append('{');
        field(j, "schema").append(text(MonthlyReport.SCHEMA)).append(',');
        field(j, "month").append(text(r.month().toString())).append(',');
        field(j, "inputs").append('{');
        field(j, "eventPosition").append(r.eventPosition()).append(',');
        field(j, "srvCatalogue").append(text(r.catalogueVersion())).append(',');
        field(j, "targetResponseMs").append('{');
        boolean first = true;
        for (var target : r.targetResponseMs().entrySet()) {
            j.append(first ? "" : ",");
            field(j, target.getKey().name()).append(target.getValue());
            first = false;
        }
        j.append("},");
        field(j, "outcomeLogs").append('[');
        first = true;
        for (LogInput log : r.logs()) {
            j.append(first ? "" : ",").append('{');
            field(j, "name").append(text(log.name())).append(',');
            field(j, "sha256").append(text(log.sha256())).append(',');
            field(j, "rows").append(log.rows()).append(',');
            field(j, "malformed").append(log.malformed()).append('}');
            first = false;
        }
        j.append("]},");
        field(j, "regions").append('[');
        first = true;
        for (RegionFigures f : r.regions()) {
            j.append(first ? "" : ",").append('{');
            field(j, "region").append(text(f.region())).append(',');
            field(j, "reported").append("{");
            field(j, "requests").append(f.requests()).append(',');
            field(j, "withinTarget").append(f.withinTarget()).append(',');
            field(j, "share").append(text(f.reportedShare())).append("},");
            field(j, "adjusted").append("{");
            field(j, "requests").append(f.adjustedRequests()).append(',');
            field(j, "withinTarget").append(f.adjustedWithinTarget()).append(',');
            field(j, "share").append(text(f.adjustedShare())).append("},");
            field(j, "excluded").append("{");
            field(j, "GATE_DENIAL").append("{\"requests\":").append(f.gateDenials()).append(",\"withinTarget\":")
                    .append(f.gateDenialsWithinTarget()).append("},");
            field(j, "RESTRICTED_CONSUMPTION").append("{\"requests\":").append(f.restrictedConsumption())
                    .append(",\"withinTarget\":").append(f.restrictedConsumptionWithinTarget()).append("}},");
            field(j, "unverifiedDenialClaims").append(f.unverifiedDenialClaims()).append(',');
            field(j, "outcomes").append("{\"DELIVERED\":").append(f.delivered()).append(",\"NOT_RESPONDING\":")
                    .append(f.notResponding()).append(",\"REJECTED\":").append(f.rejected()).append("},");
            field(j, "nonCommunicating").append("{\"fault\":").append(f.nonCommunicatingFault())
                    .append(",\"consumerChoice\":").append(f.nonCommunicatingConsumerChoice()).append("},");
            field(j, "restricted").append("{\"devices\":").append(f.restrictedDevices()).append(",\"seconds\":")
                    .append(f.restrictedSeconds()).append(",\"deviceDays\":").append(text(f.restrictedDeviceDays()))
                    .append("}}");
            first = false;
        }
        j.append("],");
        field(j, "installs").append('[');
        first = true;
        for (Install install : r.installs()) {
            j.append(first ? "" : ",").append('{');
            field(j, "supplier").append(text(install.supplier())).append(',');
            field(j, "commissioned").append(install.commissioned()).append(',');
            field(j, "ofWhichRestricted").append(install.restricted()).append('}');
            first = false;
        }
        j.append("],");
        field(j, "exclusionList").append('[');
        first = true;
        for (MeterMonth meter : r.exclusionList()) {
            j.append(first ? "" : ",").append('{');
            field(j, "deviceId").append(text(meter.deviceId().value())).append(',');
            field(j, "deviceType").append(text(meter.type().name())).append(',');
            field(j, "cspRegion").append(text(meter.region().name())).append(',');
            field(j, "intervals").append('[');
            boolean firstInterval = true;
            for (Interval interval : meter.intervals()) {
                j.append(firstInterval ? "" : ",").append("{\"from\":").append(text(interval.from().toString()))
                        .append(",\"to\":").append(text(interval.to().toString())).append('}');
                firstInterval = false;
            }
            j.append("]}");
            first = false;
        }
        j.append("],");
        field(j, "malformed").append("{\"rows\":").append(r.malformedRows()).append(",\"first\":[");
        first = true;
        for (MalformedRow row : r.malformedFirst()) {
            j.append(first ? "" : ",").append("{\"file\":").append(text(row.file())).append(",\"line\":")
                    .append(row.line()).append(",\"reason\":").append(text(row.reason())).append('}');
            first = false;
        }
        return j.append("]}}").toString();
    }

    private static StringBuilder field(StringBuilder json, String name) {
        return json.append('"').append(name).append("\":");
    }

    static String text(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
