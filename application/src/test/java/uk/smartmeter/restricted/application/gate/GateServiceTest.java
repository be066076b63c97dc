package uk.smartmeter.restricted.application.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.application.port.out.GateReceipts;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.gate.AlertCatalogue;
import uk.smartmeter.restricted.domain.gate.GateVerdict;
import uk.smartmeter.restricted.domain.gate.RestrictedGate;
import uk.smartmeter.restricted.domain.gate.ServiceReferenceVariant;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvEntry;
import uk.smartmeter.restricted.application.port.out.GateReceipt;
import uk.smartmeter.restricted.application.port.in.RequestRef;
import uk.smartmeter.restricted.application.port.in.GateQuestion;

class GateServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final DeviceId ESME = DeviceId.of("00-DB-12-34-56-78-90-A0");
    private static final DeviceId GSME = DeviceId.of("00-DB-12-34-56-78-90-A1");
    private static final DeviceId GPF = DeviceId.of("00-DB-12-34-56-78-90-A3");
    private static final RequestRef REQUEST = RequestRef.of("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000",
            PartyId.of("90-B3-D5-1F-30-01-00-00"), UserRole.IS);

    private final RestrictedIndex index = new RestrictedIndex();
    private final List<GateReceipt> recorded = new ArrayList<>();
    private final GateCounters counters = new GateCounters();
    private final GateService gate = new GateService(new RestrictedGate(SrvCatalogue.bundled(),
            AlertCatalogue.bundled()), index, new ListReceipts(), counters, Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void restrictBothMeters() {
        index.restricted(ESME.eui64(), DeviceType.ESME, 3, 0);
        index.restricted(GSME.eui64(), DeviceType.GSME, 7, GPF.eui64());
        index.current(true);
    }

    private SrvEntry srv(String srv) {
        return gate.catalogue().entry(ServiceReferenceVariant.of(srv)).orElseThrow();
    }

    @Test
    void aDenialIsRecordedWithTheRequestAndTheFlagItRestsOn() {
        GateVerdict verdict = gate.serviceRequest(REQUEST, srv("4.8.1"), ESME.eui64());

        assertThat(verdict).isEqualTo(GateVerdict.DENY_RESTRICTED);
        assertThat(recorded).containsExactly(new GateReceipt(REQUEST.requestId(), REQUEST.sender(), UserRole.IS,
                "SERVICE_REQUEST", "4.8.1", null, ESME, GateVerdict.DENY_RESTRICTED, ESME, 3L, NOW, "1"));
    }

    @Test
    void aDenialOfAGpfReadNamesTheGasMeterThatHoldsTheFlag() {
        gate.serviceRequest(REQUEST, srv("4.17"), GPF.eui64());

        assertThat(recorded).singleElement().satisfies(receipt -> {
            assertThat(receipt.device()).isEqualTo(GPF);
            assertThat(receipt.flagMeter()).isEqualTo(GSME);
            assertThat(receipt.flagVersion()).isEqualTo(7L);
        });
    }

    @Test
    void anAllowIsCountedByItsClassAndNotRecorded() {
        GateVerdict verdict = gate.serviceRequest(REQUEST, srv("11.1"), ESME.eui64());

        assertThat(verdict).isEqualTo(GateVerdict.ALLOW);
        assertThat(recorded).isEmpty();
        assertThat(counters.total("FIRMWARE", GateVerdict.ALLOW)).isEqualTo(1);
        assertThat(counters.total("FIRMWARE", GateVerdict.DENY_RESTRICTED)).isZero();
    }

    @Test
    void aDenialIsCountedToo() {
        gate.alert(REQUEST, 0x8F0A, GSME.eui64());

        assertThat(counters.total(GateCounters.ALERT, GateVerdict.DENY_RESTRICTED)).isEqualTo(1);
        assertThat(recorded).singleElement().satisfies(receipt -> {
            assertThat(receipt.question()).isEqualTo("ALERT");
            assertThat(receipt.alertCode()).isEqualTo(0x8F0A);
            assertThat(receipt.srv()).isNull();
        });
    }

    @Test
    void aScheduleAndAPaymentModeChangeAreRecordedAsWhatTheyAsked() {
        gate.createSchedule(REQUEST, srv("4.6.1"), ESME.eui64());
        gate.updatePaymentMode(REQUEST, ESME.eui64(), PaymentMode.PREPAYMENT);

        assertThat(recorded).extracting(GateReceipt::question, GateReceipt::srv, GateReceipt::verdict).containsExactly(
                org.assertj.core.groups.Tuple.tuple("SCHEDULE", "4.6.1", GateVerdict.DENY_RESTRICTED),
                org.assertj.core.groups.Tuple.tuple("PAYMENT_MODE_UPDATE", "1.6",
                        GateVerdict.DENY_CLEAR_RESTRICTION_FIRST));
        assertThat(counters.total("SCHEDULE", GateVerdict.DENY_RESTRICTED)).isEqualTo(1);
        assertThat(counters.total("PAYMENT_MODE", GateVerdict.DENY_CLEAR_RESTRICTION_FIRST)).isEqualTo(1);
    }

    @Test
    void aBatchIsAnsweredInOrderAndItsDenialsAreRecordedInOneWrite() {
        List<GateQuestion> questions = List.of(
                new GateQuestion.ServiceRequest(REQUEST, srv("4.1.1"), ESME.eui64()),
                new GateQuestion.ServiceRequest(REQUEST, srv("6.15.1"), ESME.eui64()),
                new GateQuestion.Alert(REQUEST, 0x8F35, GSME.eui64()),
                new GateQuestion.ServiceRequest(REQUEST, srv("4.6.1"), GPF.eui64()));

        List<GateVerdict> verdicts = gate.decideAll(questions);

        assertThat(verdicts).containsExactly(GateVerdict.DENY_RESTRICTED, GateVerdict.ALLOW, GateVerdict.ALLOW,
                GateVerdict.DENY_RESTRICTED);
        assertThat(writes).isEqualTo(1);
        assertThat(recorded).hasSize(2);
    }

    @Test
    void whenTheIndexIsBehindAConsumptionReadIsDeniedAsUnknownWithNoFlagNamed() {
        index.current(false);

        GateVerdict verdict = gate.serviceRequest(REQUEST, srv("4.1.1"), DeviceId.of("00-00-00-00-00-00-00-01").eui64());

        assertThat(verdict).isEqualTo(GateVerdict.DENY_STATUS_UNKNOWN);
        assertThat(recorded).singleElement().satisfies(receipt -> {
            assertThat(receipt.flagMeter()).isNull();
            assertThat(receipt.flagVersion()).isNull();
        });
    }

    @Test
    void aDenialStandsWhenItsReceiptCannotBeWrittenAndTheFailureIsCounted() {
        GateService failing = new GateService(new RestrictedGate(SrvCatalogue.bundled(), AlertCatalogue.bundled()),
                index, new GateReceipts() {
                    @Override
                    public void record(List<GateReceipt> receipts) {
                        throw new IllegalStateException("the receipt store is down");
                    }

                    @Override
                    public List<GateReceipt.Recorded> forRequest(String requestId) {
                        return List.of();
                    }


                    @Override

                    public List<GateReceipt.Recorded> forDevice(String deviceId, long after, int limit) {

                        return List.of();

                    }
                }, counters, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(failing.serviceRequest(REQUEST, srv("4.1.1"), ESME.eui64())).isEqualTo(GateVerdict.DENY_RESTRICTED);
        assertThat(failing.decideAll(List.of(new GateQuestion.ServiceRequest(REQUEST, srv("4.1.1"), GPF.eui64()))))
                .containsExactly(GateVerdict.DENY_RESTRICTED);
        assertThat(counters.receiptsNotRecorded()).isEqualTo(2);
    }

    private int writes;

    private final class ListReceipts implements GateReceipts {
        @Override
        public void record(List<GateReceipt> receipts) {
            writes++;
            recorded.addAll(receipts);
        }

        @Override
        public List<GateReceipt.Recorded> forRequest(String requestId) {
            return List.of();
        }


        @Override

        public List<GateReceipt.Recorded> forDevice(String deviceId, long after, int limit) {

            return List.of();

        }
    }
}
