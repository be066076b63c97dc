package uk.smartmeter.restricted.domain.reporting;

import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.gate.SrvClass;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals.Interval;
import uk.smartmeter.restricted.domain.reporting.MonthFacts.Install;
import uk.smartmeter.restricted.domain.reporting.MonthFacts.MeterMonth;

/**
 * A month's performance report (MP169 BR6), and what it was computed from: the event-store position its
 * facts were read up to, the SRV catalogue, the Target Response Times and each outcome log's SHA-256.
 * The same inputs always give the same report, byte for byte, in each of its forms.
 */
public record MonthlyReport(YearMonth month, long eventPosition, String catalogueVersion,
                            Map<SrvClass, Integer> targetResponseMs, List<LogInput> logs,
                            List<RegionFigures> regions, List<Install> installs, List<MeterMonth> exclusionList,
                            long malformedRows, List<MalformedRow> malformedFirst) {

    public static final String SCHEMA = "restricted-mode/monthly-report/v2";
    /** How many malformed rows the report names one by one; all are counted. */
    public static final int MALFORMED_NAMED = 100;

    public MonthlyReport {
        targetResponseMs = new TreeMap<>(targetResponseMs);
        logs = List.copyOf(logs);
        regions = List.copyOf(regions);
        installs = List.copyOf(installs);
        exclusionList = List.copyOf(exclusionList);
        malformedFirst = List.copyOf(malformedFirst);
    }

    /** One outcome log read: its name, its SHA-256, the rows taken and the rows refused. */
    public record LogInput(String name, String sha256, long rows, long malformed) {
    }

    /** A malformed row: where, and the rule it breaks. */
    public record MalformedRow(String file, long line, String reason) {
    }

    /** A region's figures (or the total's, region {@code TOTAL}). */
    public record RegionFigures(String region, long requests, long withinTarget, long gateDenials,
                                long gateDenialsWithinTarget, long restrictedConsumption,
                                long restrictedConsumptionWithinTarget, long delivered, long notResponding,
                                long rejected, long nonCommunicatingFault, long nonCommunicatingConsumerChoice,
                                long restrictedDevices, long restrictedSeconds, long unverifiedDenialClaims) {

        public long adjustedRequests() {
            return requests - gateDenials - restrictedConsumption;
        }

        public long adjustedWithinTarget() {
            return withinTarget - gateDenialsWithinTarget - restrictedConsumptionWithinTarget;
        }

        /** The reported share within target, to six decimals; empty without requests. */
        public String reportedShare() {
            return ratio(withinTarget, requests, 6);
        }

        public String adjustedShare() {
            return ratio(adjustedWithinTarget(), adjustedRequests(), 6);
        }

        /** Restricted device-days: Restricted seconds over 86,400, to three decimals. */
        public String restrictedDeviceDays() {
            return ratio(restrictedSeconds, 86_400, 3);
        }
    }

    /** Puts the month's figures together. */
    public static MonthlyReport of(MonthFacts.Month month, MonthlyMeasures measures, long eventPosition,
                                   String catalogueVersion, Map<SrvClass, Integer> targets, List<LogInput> logs,
                                   long malformedRows, List<MalformedRow> malformedFirst) {
        long[][] nonCommunicating = measures.nonCommunicating();
        long[] devices = new long[MonthlyMeasures.REGIONS];
        long[] seconds = new long[MonthlyMeasures.REGIONS];
        for (MeterMonth meter : month.restricted()) {
            devices[meter.region().ordinal()]++;
            for (Interval interval : meter.intervals()) {
                seconds[meter.region().ordinal()] += Duration.between(interval.from(), interval.to()).getSeconds();
            }
        }
        List<RegionFigures> regions = new ArrayList<>();
        long[] total = new long[14];
        for (int r = 0; r < MonthlyMeasures.REGIONS; r++) {
            String region = r < CspRegion.values().length ? CspRegion.values()[r].name()
                    : MonthlyMeasures.UNKNOWN_DEVICE;
            long[] row = {measures.requests[r], measures.within[r],
                    measures.excluded[Exclusion.GATE_DENIAL.ordinal()][r],
                    measures.excludedWithin[Exclusion.GATE_DENIAL.ordinal()][r],
                    measures.excluded[Exclusion.RESTRICTED_CONSUMPTION.ordinal()][r],
                    measures.excludedWithin[Exclusion.RESTRICTED_CONSUMPTION.ordinal()][r],
                    measures.outcomes[Outcome.DELIVERED.ordinal()][r],
                    measures.outcomes[Outcome.NOT_RESPONDING.ordinal()][r],
                    measures.outcomes[Outcome.REJECTED.ordinal()][r],
                    nonCommunicating[r][0], nonCommunicating[r][1], devices[r], seconds[r], measures.unverified[r]};
            for (int i = 0; i < row.length; i++) {
                total[i] += row[i];
            }
            regions.add(figures(region, row));
        }
        regions.add(figures("TOTAL", total));
        return new MonthlyReport(month.month(), eventPosition, catalogueVersion, targets, logs, regions,
                month.installs(), month.restricted(), malformedRows, malformedFirst);
    }

    private static RegionFigures figures(String region, long[] v) {
        return new RegionFigures(region, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11],
                v[12], v[13]);
    }

    /** numerator / denominator rounded half up to {@code decimals} places, written without exponent; "" over 0. */
    static String ratio(long numerator, long denominator, int decimals) {
        if (denominator == 0) {
            return "";
        }
        long scale = (long) Math.pow(10, decimals);
        long scaled = Math.floorDiv(Math.multiplyExact(numerator, scale) * 2 + denominator, 2 * denominator);
        String fraction = Long.toString(Math.floorMod(scaled, scale));
        return Math.floorDiv(scaled, scale) + "." + "0".repeat(decimals - fraction.length()) + fraction;
    }
}
