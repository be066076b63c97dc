package uk.smartmeter.restricted.adapter.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Attestation;
import uk.smartmeter.restricted.domain.device.ClearReason;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.Mpxn;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.SiteCharacteristics;
import uk.smartmeter.restricted.domain.device.SmetsVersion;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.event.DeviceEnrolled;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;
import uk.smartmeter.restricted.domain.device.event.SupplierChanged;
import uk.smartmeter.restricted.domain.gate.GateDenied;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvClass;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals.Interval;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport.RegionFigures;
import uk.smartmeter.restricted.domain.reporting.Exclusion;
import uk.smartmeter.restricted.domain.reporting.ReportDiff;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;
import uk.smartmeter.restricted.domain.reporting.MonthlyMeasures;
import uk.smartmeter.restricted.domain.reporting.MonthFacts;
import uk.smartmeter.restricted.domain.reporting.OutcomeRow;

/**
 * October 2026 worked by hand: 20 electricity meters (D00–D06 North, D07–D13 Central, D14–D19 South), ten
 * requests each on days 1, 4, …, 28 at noon, even ones a consumption read (4.1.1, target 5 s), odd ones a
 * firmware read (11.2, target 10 s), delivered in 1 s unless said otherwise, and three malformed lines.
 * <ul>
 *   <li>D01, D09, D13, D17: the first read took 6 s (outside its target).</li>
 *   <li>D03: Restricted since September, all month; every request a consumption read the gate refused (R1).</li>
 *   <li>D05: not restricted, never answers: non-communicating by fault.</li>
 *   <li>D10: Restricted mid-month, from 16 October; its later consumption reads refused (R1).</li>
 *   <li>D15: Restricted until 11 October; its read of day 1 went unanswered (left out as Restricted
 *   consumption), its read of day 7 was refused (R1).</li>
 *   <li>D12: one firmware read rejected by the DSP (E5): a failure that stays in.</li>
 *   <li>D04: Change of Supplier to SUP-B on 20 October; D19 is not commissioned.</li>
 * </ul>
 */
class AHandComputedMonthTest {

    private static final YearMonth OCTOBER = YearMonth.of(2026, 10);
    private static final Actor DCC = Actor.of("DCC-DSP", UserRole.DCC);
    private static final Map<SrvClass, Integer> TARGETS = targets();
    static MonthlyReport report;
    static List<String> explained = new ArrayList<>();

    static DeviceId device(int n) {
        return DeviceId.of(String.format("00-DB-70-00-00-00-00-%02X", n));
    }

    static CspRegion region(int n) {
        return n <= 6 ? CspRegion.NORTH : n <= 13 ? CspRegion.CENTRAL : CspRegion.SOUTH;
    }

    static ResponsibleSupplier supplier(int n) {
        return ResponsibleSupplier.of(n % 2 == 0 ? "SUP-A" : "SUP-B", UserRole.IS);
    }

    private static Map<SrvClass, Integer> targets() {
        Map<SrvClass, Integer> targets = new EnumMap<>(SrvClass.class);
        for (SrvClass srvClass : SrvClass.values()) {
            targets.put(srvClass, srvClass == SrvClass.CONSUMPTION_READ ? 5_000 : 10_000);
        }
        return targets;
    }

    static List<DeviceEvent> events() {
        List<DeviceEvent> events = new ArrayList<>();
        Instant enrolled = Instant.parse("2026-09-01T00:00:00Z");
        for (int n = 0; n < 20; n++) {
            events.add(new DeviceEnrolled(device(n), DCC, enrolled, enrolled, DeviceType.ESME, SmetsVersion.SMETS2,
                    n == 19 ? SmiStatus.INSTALLED_NOT_COMMISSIONED : SmiStatus.COMMISSIONED,
                    DeviceId.of(String.format("00-DB-70-00-00-00-01-%02X", n)), SmiStatus.COMMISSIONED, null,
                    Mpxn.of(String.format("19%011d", n)), region(n), PaymentMode.CREDIT, supplier(n),
                    new SiteCharacteristics(false, false, false)));
        }
        events.add(applied(3, "2026-09-15T00:00:00Z"));
        events.add(applied(15, "2026-09-20T00:00:00Z"));
        events.add(applied(10, "2026-10-16T00:00:00Z"));
        Instant cleared = Instant.parse("2026-10-11T00:00:00Z");
        events.add(new RestrictionCleared(device(15), new Actor(supplier(15).party(), UserRole.IS, null), cleared,
                cleared, supplier(15), ClearReason.CONSUMER_REQUEST));
        Instant cos = Instant.parse("2026-10-20T00:00:00Z");
        events.add(new SupplierChanged(device(4), DCC, cos, cos, supplier(4), supplier(5)));
        return events;
    }

    private static RestrictionApplied applied(int n, String at) {
        Instant when = Instant.parse(at);
        return new RestrictionApplied(device(n), new Actor(supplier(n).party(), UserRole.IS, null), when, when,
                supplier(n), new Attestation("RS-" + n, LocalDate.of(2026, 9, 1)));
    }

    static String log() {
        StringBuilder log = new StringBuilder(OutcomeLogReader.HEADER).append('\n');
        for (int n = 0; n < 20; n++) {
            for (int i = 0; i < 10; i++) {
                boolean consumption = i % 2 == 0 || n == 3;
                String outcome = "DELIVERED";
                String code = "";
                String ms = "1000";
                if (n % 4 == 1 && i == 0) {
                    ms = "6000";
                }
                if (n == 5) {
                    outcome = "NOT_RESPONDING";
                    ms = "";
                } else if (n == 3 || (n == 10 && i >= 5 && consumption) || (n == 15 && i == 2)) {
                    outcome = "REJECTED";
                    code = "R1";
                    ms = "";
                } else if (n == 15 && i == 0) {
                    outcome = "NOT_RESPONDING";
                    ms = "";
                } else if (n == 12 && i == 3) {
                    outcome = "REJECTED";
                    code = "E5";
                    ms = "";
                }
                log.append(String.format("2026-10-%02dT12:00:00.000Z,REQ-%02d-%d,IS,%s,%s,%s,%s,%s,%s%n", 1 + 3 * i,
                        n, i, consumption ? "4.1.1" : "11.2", device(n).value(), region(n), outcome, code, ms));
            }
            if (n == 7) {
                log.append("2026-10-02T00:00:00Z,REQ-BAD-1,IS,99.99,00-DB-70-00-00-00-00-07,CENTRAL,DELIVERED,,10\n");
                log.append("2026-10-02T00:00:00Z,REQ-BAD-2,IS,4.1.1,00-DB-70-00-00-00-00-07,CENTRAL,DELIVERED,\n");
                log.append("2026-11-02T00:00:00Z,REQ-BAD-3,IS,4.1.1,00-DB-70-00-00-00-00-07,CENTRAL,DELIVERED,,10\n");
            }
        }
        return log.toString();
    }

    /** The gate's receipts of the log's R1 rows: the gate really refused each of them. */
    static List<GateDenied> receipts(String log) {
        List<GateDenied> receipts = new ArrayList<>();
        for (String line : log.split("\n")) {
            String[] f = line.split(",", -1);
            if (f.length == 9 && f[6].equals("REJECTED") && f[7].startsWith("R")) {
                receipts.add(new GateDenied(f[1], DeviceId.of(f[4]), DeviceId.of(f[4]), 1L, null, null,
                        "SERVICE_REQUEST", f[3], null, f[7], Instant.parse(f[0]), "test"));
            }
        }
        return receipts;
    }

    static MonthlyReport compute(List<DeviceEvent> events, String log, List<String> explain) throws Exception {
        return compute(events, receipts(log), log, explain);
    }

    static MonthlyReport compute(List<DeviceEvent> events, List<GateDenied> receipts, String log,
                                 List<String> explain) throws Exception {
        MonthFacts facts = new MonthFacts(OCTOBER);
        events.forEach(facts::on);
        receipts.forEach(facts::on);
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        return OutcomeLogPass.compute(facts.finish(), events.size(), SrvCatalogue.bundled(), TARGETS,
                List.of(new OutcomeLogPass.Log("october.csv", () -> new ByteArrayInputStream(bytes))),
                new MonthlyMeasures.ExplainSink() {
                    @Override
                    public void excluded(OutcomeRow row, Exclusion reason) {
                        explain.add(row.line() + " " + row.requestId() + " " + reason);
                    }

                    @Override
                    public void unverifiedClaim(OutcomeRow row) {
                        explain.add(row.line() + " " + row.requestId() + " UNVERIFIED_CLAIM");
                    }
                }, (read, rows) -> { });
    }

    @BeforeAll
    static void computeTheMonth() throws Exception {
        report = compute(events(), log(), explained);
    }

    private static RegionFigures figures(String region) {
        return report.regions().stream().filter(f -> f.region().equals(region)).findFirst().orElseThrow();
    }

    @Test
    void northLeavesOutTheRestrictedMetersGateDenialsAndCountsTheSilentMeterAsAFault() {
        RegionFigures north = figures("NORTH");
        assertThat(north.requests()).isEqualTo(70);
        assertThat(north.withinTarget()).isEqualTo(49);
        assertThat(north.reportedShare()).isEqualTo("0.700000");
        assertThat(north.gateDenials()).isEqualTo(10);
        assertThat(north.restrictedConsumption()).isZero();
        assertThat(north.adjustedRequests()).isEqualTo(60);
        assertThat(north.adjustedWithinTarget()).isEqualTo(49);
        assertThat(north.adjustedShare()).isEqualTo("0.816667");
        assertThat(north.delivered()).isEqualTo(50);
        assertThat(north.notResponding()).isEqualTo(10);
        assertThat(north.rejected()).isEqualTo(10);
        assertThat(north.nonCommunicatingFault()).as("D05").isEqualTo(1);
        assertThat(north.nonCommunicatingConsumerChoice()).as("D03").isEqualTo(1);
        assertThat(north.restrictedDevices()).isEqualTo(1);
        assertThat(north.restrictedDeviceDays()).isEqualTo("31.000");
    }

    @Test
    void centralLeavesOutTheMidMonthRestrictionsDenialsButNotTheDspsOwnRejection() {
        RegionFigures central = figures("CENTRAL");
        assertThat(central.requests()).isEqualTo(70);
        assertThat(central.withinTarget()).isEqualTo(65);
        assertThat(central.reportedShare()).isEqualTo("0.928571");
        assertThat(central.gateDenials()).isEqualTo(2);
        assertThat(central.adjustedRequests()).isEqualTo(68);
        assertThat(central.adjustedShare()).isEqualTo("0.955882");
        assertThat(central.rejected()).as("two R1 and the E5").isEqualTo(3);
        assertThat(central.nonCommunicatingFault() + central.nonCommunicatingConsumerChoice()).isZero();
        assertThat(central.restrictedDeviceDays()).as("16 to 31 October").isEqualTo("16.000");
    }

    @Test
    void southLeavesOutAnUnansweredConsumptionReadDuringTheRestrictionAndTheGateDenial() {
        RegionFigures south = figures("SOUTH");
        assertThat(south.requests()).isEqualTo(60);
        assertThat(south.withinTarget()).isEqualTo(57);
        assertThat(south.reportedShare()).isEqualTo("0.950000");
        assertThat(south.gateDenials()).isEqualTo(1);
        assertThat(south.restrictedConsumption()).isEqualTo(1);
        assertThat(south.adjustedRequests()).isEqualTo(58);
        assertThat(south.adjustedShare()).isEqualTo("0.982759");
        assertThat(south.notResponding()).isEqualTo(1);
        assertThat(south.restrictedDeviceDays()).as("1 to 11 October").isEqualTo("10.000");
    }

    @Test
    void theTotalAddsTheRegionsUp() {
        RegionFigures total = figures("TOTAL");
        assertThat(total.requests()).isEqualTo(200);
        assertThat(total.withinTarget()).isEqualTo(171);
        assertThat(total.reportedShare()).isEqualTo("0.855000");
        assertThat(total.adjustedRequests()).isEqualTo(186);
        assertThat(total.adjustedWithinTarget()).isEqualTo(171);
        assertThat(total.adjustedShare()).isEqualTo("0.919355");
        assertThat(total.delivered()).isEqualTo(175);
        assertThat(total.notResponding()).isEqualTo(11);
        assertThat(total.rejected()).isEqualTo(14);
        assertThat(total.restrictedDevices()).isEqualTo(3);
        assertThat(total.restrictedSeconds()).isEqualTo(4_924_800);
        assertThat(total.restrictedDeviceDays()).isEqualTo("57.000");
    }

    @Test
    void restrictedMetersCountAsCommissionedInstallsAndAreShownSeparately() {
        assertThat(report.installs()).containsExactly(new MonthFacts.Install("SUP-A/IS", 9, 1),
                new MonthFacts.Install("SUP-B/IS", 10, 1));
    }

    @Test
    void theExclusionListNamesEachRestrictedMeterWithItsIntervalsInTheMonth() {
        assertThat(report.exclusionList()).extracting(m -> m.deviceId().value())
                .containsExactly(device(3).value(), device(10).value(), device(15).value());
        assertThat(report.exclusionList().get(1).intervals()).containsExactly(new Interval(
                Instant.parse("2026-10-16T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")));
        assertThat(report.exclusionList().get(2).intervals()).containsExactly(new Interval(
                Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-11T00:00:00Z")));
    }

    @Test
    void malformedRowsAreNamedWithTheirLineNumbersAndCountedNeverFatal() {
        assertThat(report.malformedRows()).isEqualTo(3);
        assertThat(report.malformedFirst()).extracting(MonthlyReport.MalformedRow::line).containsExactly(82L, 83L, 84L);
        assertThat(report.malformedFirst().get(0).reason()).isEqualTo("srv: not an SRV of the catalogue");
        assertThat(report.malformedFirst().get(1).reason()).startsWith("expected 9 fields");
        assertThat(report.malformedFirst().get(2).reason()).isEqualTo("timestamp: outside 2026-10");
        assertThat(report.logs().get(0).rows()).isEqualTo(200);
        assertThat(report.logs().get(0).malformed()).isEqualTo(3);
    }

    @Test
    void everyExcludedRowIsExplainedWithItsLineRequestAndReason() {
        assertThat(explained).hasSize(14);
        assertThat(explained).contains("32 REQ-03-0 GATE_DENIAL", "111 REQ-10-6 GATE_DENIAL",
                "155 REQ-15-0 RESTRICTED_CONSUMPTION", "157 REQ-15-2 GATE_DENIAL");
    }

    @Test
    void theSameInputsGiveTheSameBytesInEveryForm() throws Exception {
        MonthlyReport again = compute(events(), log(), new ArrayList<>());

        assertThat(ReportJson.write(again)).isEqualTo(ReportJson.write(report));
        assertThat(ReportCsv.write(again)).isEqualTo(ReportCsv.write(report));
        assertThat(ReportChart.svg(again)).isEqualTo(ReportChart.svg(report));
        assertThat(ReportDiff.between(report, again)).isEmpty();
        assertThat(ReportJson.write(report)).startsWith("{\"schema\":\"restricted-mode/monthly-report/v2\","
                + "\"month\":\"2026-10\",\"inputs\":{\"eventPosition\":25,");
        assertThat(ReportCsv.write(report)).contains("measure,TOTAL,reportedShare,0.855000\r\n"
                + "measure,TOTAL,adjustedRequests,186\r\n");
        assertThat(ReportChart.svg(report)).startsWith("<svg").contains("TOTAL").endsWith("</svg>\n");
    }

    @Test
    void aBackDatedClearChangesTheFiguresAndTheDiffNamesThem() throws Exception {
        List<DeviceEvent> later = new ArrayList<>(events());
        Instant back = Instant.parse("2026-10-21T00:00:00Z");
        later.add(new RestrictionCleared(device(10), new Actor(supplier(10).party(), UserRole.IS, null), back,
                Instant.parse("2026-11-05T00:00:00Z"), supplier(10), ClearReason.APPLIED_IN_ERROR));

        MonthlyReport revised = compute(later, log(), new ArrayList<>());

        assertThat(ReportDiff.between(report, revised)).extracting(ReportDiff.Change::figure)
                .containsExactly("inputs,month,eventPosition", "measure,CENTRAL,restrictedDeviceDays",
                        "measure,TOTAL,restrictedDeviceDays", "installs,SUP-A/IS,ofWhichRestricted");
        RegionFigures central = revised.regions().get(1);
        assertThat(central.restrictedDeviceDays()).as("16 to 21 October").isEqualTo("5.000");
        assertThat(central.gateDenials()).as("the R1 of the 25th is still the gate's").isEqualTo(2);
        assertThat(central.adjustedRequests()).isEqualTo(68);
    }
}
