package uk.smartmeter.restricted.adapter.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.gate.GateDenied;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport.RegionFigures;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;

/**
 * MP169 BR6: the adjusted measure leaves out only what the service's own records explain. The hand-computed
 * October of {@link AHandComputedMonthTest}, with rows appended that claim gate denials the gate never made,
 * and a row whose log names another region than the store.
 */
class BR6ExclusionsRestOnTheServicesOwnRecordsTest {

    private static final String UNKNOWN = "00-DB-70-00-00-00-00-FE";
    private static MonthlyReport base;
    private static MonthlyReport claimed;
    private static final List<String> explained = new ArrayList<>();

    @BeforeAll
    static void computeBoth() throws Exception {
        base = AHandComputedMonthTest.compute(AHandComputedMonthTest.events(), AHandComputedMonthTest.log(),
                new ArrayList<>());
        String d02 = AHandComputedMonthTest.device(2).value();
        String d03 = AHandComputedMonthTest.device(3).value();
        String appended = ""
                // line 205, 206: a meter never Restricted, R1 and R2 claimed; its log says SOUTH, the store NORTH
                + "2026-10-05T10:00:00.000Z,REQ-X-1,IS,4.1.1," + d02 + ",SOUTH,REJECTED,R1,\n"
                + "2026-10-05T11:00:00.000Z,REQ-X-2,IS,4.1.1," + d02 + ",SOUTH,REJECTED,R2,\n"
                // line 207: a device the store has never had
                + "2026-10-05T12:00:00.000Z,REQ-X-3,IS,4.1.1," + UNKNOWN + ",NORTH,REJECTED,R1,\n"
                // line 208: a Restricted meter, R1 on a firmware read: an SRV the gate never refuses
                + "2026-10-05T13:00:00.000Z,REQ-X-4,IS,11.2," + d03 + ",NORTH,REJECTED,R1,\n"
                // line 209: a Restricted meter's consumption read with an R1 whose receipt names another SRV
                + "2026-10-05T14:00:00.000Z,REQ-X-5,IS,4.1.1," + d03 + ",NORTH,REJECTED,R1,\n"
                // line 210: D03's first refused read logged again: its one receipt grounded line 32 already
                + "2026-10-01T12:00:00.000Z,REQ-03-0,IS,4.1.1," + d03 + ",NORTH,REJECTED,R1,\n";
        String log = AHandComputedMonthTest.log() + appended;
        List<GateDenied> receipts = new ArrayList<>(AHandComputedMonthTest.receipts(AHandComputedMonthTest.log()));
        receipts.add(new GateDenied("REQ-X-5", DeviceId.of(d03), DeviceId.of(d03), 1L, null, null, "SERVICE_REQUEST",
                "4.1.2", null, "R1", Instant.parse("2026-10-05T14:00:00Z"), "test"));
        claimed = AHandComputedMonthTest.compute(AHandComputedMonthTest.events(), receipts, log, explained);
    }

    private static RegionFigures figures(MonthlyReport report, String region) {
        return report.regions().stream().filter(f -> f.region().equals(region)).findFirst().orElseThrow();
    }

    @Test
    void br6AGateDenialIsLeftOutWhenTheGatesReceiptOfThatRequestDeviceAndSrvExists() {
        assertThat(figures(base, "NORTH").gateDenials()).as("D03's ten refused reads, each with its receipt")
                .isEqualTo(10);
        assertThat(explained).contains("32 REQ-03-0 GATE_DENIAL");
    }

    @Test
    void br6ANeverRestrictedMetersR1AndR2ClaimsAreNotExcludedAndAreListedAsUnverified() {
        assertThat(figures(claimed, "NORTH").gateDenials()).isEqualTo(figures(base, "NORTH").gateDenials());
        assertThat(figures(claimed, "NORTH").adjustedRequests())
                .as("every claim on a NORTH meter without a receipt of its own stays in")
                .isEqualTo(figures(base, "NORTH").adjustedRequests() + 5);
        assertThat(explained).contains("205 REQ-X-1 UNVERIFIED_CLAIM", "206 REQ-X-2 UNVERIFIED_CLAIM");
    }

    @Test
    void br6AnUnknownDevicesR1ClaimIsNotExcludedAndCountsUnderNoRegionOfTheStore() {
        RegionFigures unknown = figures(claimed, "UNKNOWN_DEVICE");
        assertThat(unknown.requests()).isEqualTo(1);
        assertThat(unknown.adjustedRequests()).isEqualTo(1);
        assertThat(unknown.unverifiedDenialClaims()).isEqualTo(1);
        assertThat(unknown.nonCommunicatingConsumerChoice()).as("no consumer chose anything for it").isZero();
        assertThat(unknown.nonCommunicatingFault()).isEqualTo(1);
        assertThat(explained).contains("207 REQ-X-3 UNVERIFIED_CLAIM");
        assertThat(figures(claimed, "NORTH").requests()).as("the log's NORTH for the unknown device is not taken")
                .isEqualTo(figures(base, "NORTH").requests() + 5);
    }

    @Test
    void br6AnR1ClaimOnAnSrvTheGateNeverRefusesIsNotExcluded() {
        assertThat(explained).contains("208 REQ-X-4 UNVERIFIED_CLAIM");
        assertThat(explained).doesNotContain("208 REQ-X-4 GATE_DENIAL", "208 REQ-X-4 RESTRICTED_CONSUMPTION");
    }

    @Test
    void br6AReceiptOfAnotherSrvDoesNotGroundTheClaim() {
        assertThat(explained).contains("209 REQ-X-5 UNVERIFIED_CLAIM");
        assertThat(figures(claimed, "NORTH").unverifiedDenialClaims()).isEqualTo(5);
        assertThat(figures(claimed, "TOTAL").unverifiedDenialClaims()).isEqualTo(6);
        assertThat(figures(base, "TOTAL").unverifiedDenialClaims()).isZero();
    }

    @Test
    void br6OneReceiptGroundsOneRowNotEveryRowThatRepeatsItsRequest() {
        assertThat(explained).contains("32 REQ-03-0 GATE_DENIAL", "210 REQ-03-0 UNVERIFIED_CLAIM");
        assertThat(figures(claimed, "NORTH").gateDenials()).isEqualTo(figures(base, "NORTH").gateDenials());
    }

    @Test
    void br6TheRegionIsTheStoresNotTheLogs() {
        assertThat(figures(claimed, "SOUTH").requests()).as("D02's rows claim SOUTH; the store says NORTH")
                .isEqualTo(figures(base, "SOUTH").requests());
    }

    @Test
    void br6ARequestToAGasMetersGpfCountsInTheMetersRegionAndRestsOnTheMetersReceiptRules() throws Exception {
        uk.smartmeter.restricted.domain.device.Actor dcc = uk.smartmeter.restricted.domain.device.Actor.of("DCC-DSP",
                uk.smartmeter.restricted.domain.device.UserRole.DCC);
        DeviceId gas = DeviceId.of("00-DB-70-00-00-00-02-01");
        DeviceId gpf = DeviceId.of("00-DB-70-00-00-00-02-03");
        Instant enrolled = Instant.parse("2026-09-01T00:00:00Z");
        List<uk.smartmeter.restricted.domain.device.event.DeviceEvent> events = new ArrayList<>(
                AHandComputedMonthTest.events());
        events.add(new uk.smartmeter.restricted.domain.device.event.DeviceEnrolled(gas, dcc, enrolled, enrolled,
                uk.smartmeter.restricted.domain.device.DeviceType.GSME,
                uk.smartmeter.restricted.domain.device.SmetsVersion.SMETS2,
                uk.smartmeter.restricted.domain.device.SmiStatus.COMMISSIONED, DeviceId.of("00-DB-70-00-00-00-02-02"),
                uk.smartmeter.restricted.domain.device.SmiStatus.COMMISSIONED, gpf,
                uk.smartmeter.restricted.domain.device.Mpxn.of("1234567"),
                uk.smartmeter.restricted.domain.device.CspRegion.SOUTH,
                uk.smartmeter.restricted.domain.device.PaymentMode.CREDIT,
                uk.smartmeter.restricted.domain.device.ResponsibleSupplier.of("SUP-G",
                        uk.smartmeter.restricted.domain.device.UserRole.GS),
                new uk.smartmeter.restricted.domain.device.SiteCharacteristics(false, false, false)));
        String log = AHandComputedMonthTest.log()
                + "2026-10-06T10:00:00.000Z,REQ-G-1,GS,11.2," + gpf.value() + ",NORTH,DELIVERED,,100\n";
        MonthlyReport report = AHandComputedMonthTest.compute(events, AHandComputedMonthTest.receipts(log), log,
                new ArrayList<>());
        assertThat(figures(report, "SOUTH").requests()).as("the GPF's row, in its gas meter's region")
                .isEqualTo(figures(base, "SOUTH").requests() + 1);
        assertThat(figures(report, "UNKNOWN_DEVICE").requests()).isZero();
    }

    @Test
    void br6TheUnverifiedClaimsArePublishedInEveryForm() {
        assertThat(ReportCsv.write(claimed)).contains("measure,NORTH,unverifiedDenialClaims,5\r\n",
                "measure,UNKNOWN_DEVICE,reportedRequests,1\r\n");
        assertThat(ReportJson.write(claimed)).contains("\"unverifiedDenialClaims\":6");
    }
}
