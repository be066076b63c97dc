package uk.smartmeter.restricted.domain.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.smartmeter.restricted.domain.device.DeviceTestData.CHF;
import static uk.smartmeter.restricted.domain.device.DeviceTestData.ESME;
import static uk.smartmeter.restricted.domain.device.DeviceTestData.GPF;
import static uk.smartmeter.restricted.domain.device.DeviceTestData.GSME;

import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.PaymentMode;

/** The gate's rules over the DCC Boxed devices: A0 ESME, A1 GSME with A3 its GPF, A2 their Comms Hub. */
class RestrictedGateTest {

    private static final RestrictedGate GATE = new RestrictedGate(SrvCatalogue.bundled(), AlertCatalogue.bundled());
    private static final DeviceId OTHER_ESME = DeviceId.of("00-DB-12-34-56-78-90-B0");

    /** Both meters Restricted; the GPF answers as its gas meter. */
    private static final RestrictedMeters BOTH_RESTRICTED = flags(Map.of(ESME, DeviceType.ESME, GSME, DeviceType.GSME,
            GPF, DeviceType.GSME), true);
    private static final RestrictedMeters NONE_RESTRICTED = flags(Map.of(), true);
    private static final RestrictedMeters BEHIND = flags(Map.of(), false);

    private static RestrictedMeters flags(Map<DeviceId, DeviceType> restricted, boolean current) {
        return new RestrictedMeters() {
            @Override
            public DeviceType restrictedMeter(long device) {
                return restricted.get(DeviceId.fromEui64(device));
            }

            @Override
            public boolean current() {
                return current;
            }
        };
    }

    private static GateVerdict request(String srv, DeviceId target, RestrictedMeters flags) {
        return GATE.serviceRequest(ServiceReferenceVariant.of(srv), target, flags);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.1.1", "4.4.2", "4.6.1", "4.8.1", "4.12.1", "4.16", "4.17", "4.18"})
    void aConsumptionReadOfARestrictedMeterIsDeniedWithR1(String srv) {
        GateVerdict verdict = request(srv, ESME, BOTH_RESTRICTED);

        assertThat(verdict).isEqualTo(GateVerdict.DENY_RESTRICTED);
        assertThat(verdict.responseCode()).isEqualTo("R1");
    }

    @Test
    void aConsumptionReadOfAMeterThatIsNotRestrictedOrUnknownIsAllowed() {
        assertThat(request("4.1.1", ESME, NONE_RESTRICTED)).isEqualTo(GateVerdict.ALLOW);
        assertThat(request("4.1.1", OTHER_ESME, BOTH_RESTRICTED)).isEqualTo(GateVerdict.ALLOW);
    }

    @Test
    void aConsumptionReadAimedAtTheGpfOfARestrictedGasMeterIsDenied() {
        assertThat(request("4.6.1", GPF, BOTH_RESTRICTED)).isEqualTo(GateVerdict.DENY_RESTRICTED);
        assertThat(request("4.6.1", GPF, NONE_RESTRICTED)).isEqualTo(GateVerdict.ALLOW);
    }

    @Test
    void networkDataIsDeniedForARestrictedGasMeterButAllowedForARestrictedElectricityMeter() {
        assertThat(request("4.10", GSME, BOTH_RESTRICTED)).isEqualTo(GateVerdict.DENY_RESTRICTED);
        assertThat(request("4.10", ESME, BOTH_RESTRICTED)).isEqualTo(GateVerdict.ALLOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"11.1", "11.3", "6.15.1", "6.15.2", "6.23", "6.24.1", "1.1.1", "1.2.1", "4.11.1", "7.1", "7.2",
            "7.4", "8.2", "8.3", "6.13", "6.11", "3.1"})
    void firmwareCredentialsTariffsSupplyInventoryAndEventLogsPassForARestrictedMeter(String srv) {
        assertThat(request(srv, ESME, BOTH_RESTRICTED)).isEqualTo(GateVerdict.ALLOW);
        assertThat(request(srv, GSME, BOTH_RESTRICTED)).isEqualTo(GateVerdict.ALLOW);
    }

    @Test
    void trafficToTheCommsHubIsNeverConsumption() {
        assertThat(request("6.30", CHF, BOTH_RESTRICTED)).isEqualTo(GateVerdict.ALLOW);
    }

    @Test
    void aScheduleThatRetrievesConsumptionForARestrictedMeterIsDenied() {
        assertThat(GATE.createSchedule(ServiceReferenceVariant.of("4.6.1"), ESME, BOTH_RESTRICTED))
                .isEqualTo(GateVerdict.DENY_RESTRICTED);
        assertThat(GATE.createSchedule(ServiceReferenceVariant.of("4.6.1"), ESME, NONE_RESTRICTED))
                .isEqualTo(GateVerdict.ALLOW);
    }

    @Test
    void aScheduleOfSomethingElseForARestrictedMeterIsAllowed() {
        assertThat(GATE.createSchedule(ServiceReferenceVariant.of("6.24.1"), ESME, BOTH_RESTRICTED))
                .isEqualTo(GateVerdict.ALLOW);
    }

    @Test
    void changingARestrictedMeterToPrepaymentIsDeniedWithClearRestrictedModeFirst() {
        GateVerdict verdict = GATE.updatePaymentMode(ESME, PaymentMode.PREPAYMENT, BOTH_RESTRICTED);

        assertThat(verdict).isEqualTo(GateVerdict.DENY_CLEAR_RESTRICTION_FIRST);
        assertThat(verdict.responseCode()).isEqualTo("R2");
    }

    @Test
    void changingToCreditOrChangingAMeterThatIsNotRestrictedIsAllowed() {
        assertThat(GATE.updatePaymentMode(ESME, PaymentMode.CREDIT, BOTH_RESTRICTED)).isEqualTo(GateVerdict.ALLOW);
        assertThat(GATE.updatePaymentMode(ESME, PaymentMode.PREPAYMENT, NONE_RESTRICTED)).isEqualTo(GateVerdict.ALLOW);
    }

    @Test
    void theBillingDataLogAlertFromARestrictedMeterIsDenied() {
        assertThat(GATE.alert(0x8F0A, ESME, BOTH_RESTRICTED)).isEqualTo(GateVerdict.DENY_RESTRICTED);
        assertThat(GATE.alert(0x8F0A, GSME, BOTH_RESTRICTED)).isEqualTo(GateVerdict.DENY_RESTRICTED);
        assertThat(GATE.alert(0x8F0A, ESME, NONE_RESTRICTED)).isEqualTo(GateVerdict.ALLOW);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x8F01, 0x8F35, 0x8F1C, 0x8F0B, 0x0001})
    void everyOtherAlertFromARestrictedMeterPasses(int alertCode) {
        assertThat(GATE.alert(alertCode, ESME, BOTH_RESTRICTED)).isEqualTo(GateVerdict.ALLOW);
    }

    @Test
    void whenTheFlagsAreNotCurrentConsumptionIsWithheldAsUnknownAndEverythingElsePasses() {
        assertThat(request("4.1.1", ESME, BEHIND)).isEqualTo(GateVerdict.DENY_STATUS_UNKNOWN);
        assertThat(GATE.alert(0x8F0A, ESME, BEHIND)).isEqualTo(GateVerdict.DENY_STATUS_UNKNOWN);
        assertThat(GateVerdict.DENY_STATUS_UNKNOWN.responseCode()).isEqualTo("R3");
        assertThat(request("11.1", ESME, BEHIND)).isEqualTo(GateVerdict.ALLOW);
        assertThat(GATE.alert(0x8F35, ESME, BEHIND)).isEqualTo(GateVerdict.ALLOW);
    }

    @Test
    void anSrvTheCatalogueDoesNotKnowIsAllowed() {
        assertThat(request("99.1", ESME, BOTH_RESTRICTED)).isEqualTo(GateVerdict.ALLOW);
    }

    @Test
    void changingARestrictedMeterToPrepaymentWhileTheFlagsAreNotCurrentIsAllowedBecause16IsNotConsumption() {
        assertThat(GATE.updatePaymentMode(ESME, PaymentMode.PREPAYMENT, BEHIND)).isEqualTo(GateVerdict.ALLOW);
    }

    @Test
    void theHotPathTakesTheCatalogueEntryAndTheDeviceAsANumber() {
        SrvEntry read = GATE.catalogue().entry(ServiceReferenceVariant.of("4.8.1")).orElseThrow();

        assertThat(GATE.serviceRequest(read, ESME.eui64(), BOTH_RESTRICTED)).isEqualTo(GateVerdict.DENY_RESTRICTED);
        assertThat(GATE.serviceRequest(read, OTHER_ESME.eui64(), BOTH_RESTRICTED)).isEqualTo(GateVerdict.ALLOW);
        assertThat(GATE.createSchedule(read, GPF.eui64(), BOTH_RESTRICTED)).isEqualTo(GateVerdict.DENY_RESTRICTED);
    }

    @Test
    void theRestrictedResponseCodesAreTheirOwnSeries() {
        for (GateVerdict verdict : GateVerdict.values()) {
            if (!verdict.allowed()) {
                assertThat(verdict.responseCode()).matches("R\\d+");
            }
        }
    }

    @Test
    void anAlertCatalogueThatListsACodeTwiceIsRejected() {
        String twice = "# version: 9\n# source: test\ncode,consumptionOn,name,note\n0x8F0A,ALL,a,\n0x8F0A,NONE,b,\n";

        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> AlertCatalogue.parse(new StringReader(twice))).withMessageContaining("line 5");
    }
}
