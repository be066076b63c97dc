package uk.smartmeter.restricted.domain.device;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.smartmeter.restricted.domain.device.DeviceTestData.*;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import uk.smartmeter.restricted.domain.device.Decision.Accepted;
import uk.smartmeter.restricted.domain.device.Decision.Refused;
import uk.smartmeter.restricted.domain.device.command.ChangePaymentMode;
import uk.smartmeter.restricted.domain.device.command.ChangeSupplier;
import uk.smartmeter.restricted.domain.device.command.DeviceFact;
import uk.smartmeter.restricted.domain.device.command.EnrolDevice;
import uk.smartmeter.restricted.domain.device.event.CommsHubStatusChanged;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.MeterStatusChanged;
import uk.smartmeter.restricted.domain.device.event.PaymentModeChanged;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;
import uk.smartmeter.restricted.domain.device.event.SiteCharacteristicsChanged;
import uk.smartmeter.restricted.domain.device.event.SupplierChanged;
import uk.smartmeter.restricted.domain.device.event.TenancyChanged;

class DeviceFactsTest {

    private static RefusalCode refusalOf(Decision decision) {
        assertThat(decision).isInstanceOf(Refused.class);
        return ((Refused) decision).code();
    }

    private static List<DeviceEvent> eventsOf(Decision decision) {
        assertThat(decision).isInstanceOf(Accepted.class);
        return ((Accepted) decision).events();
    }

    private static List<DeviceFact> everyFactAboutTheEsme() {
        return List.of(meterStatus(SmiStatus.SUSPENDED), hubStatus(SmiStatus.SUSPENDED),
                paymentMode(PaymentMode.PREPAYMENT), changeOfSupplierTo(SUPPLIER_B), changeOfTenancy(null),
                site(new SiteCharacteristics(true, false, false)));
    }

    @Nested
    class Enrolment {

        @Test
        void theDccCanEnrolAnElectricityMeterWithEverythingTheInventoryKnows() {
            List<DeviceEvent> events = eventsOf(Device.notEnrolled(ESME).decide(anEligibleEsme().build(), CONTEXT));

            assertThat(events).containsExactly(anEligibleEsme().enrolledEvent(NOW));
        }

        @Test
        void theDccCanEnrolAGasMeterWithItsGasProxyFunction() {
            Device gas = Device.replay(GSME, eventsOf(Device.notEnrolled(GSME).decide(anEligibleGsme(), CONTEXT)));

            assertThat(gas.meter().gpfId()).isEqualTo(GPF);
            assertThat(gas.meter().supplier()).isEqualTo(GAS_SUPPLIER);
        }

        @Test
        void enrollingTheSameMeterAgainWithTheSameFactsChangesNothing() {
            assertThat(eligibleEsme().decide(anEligibleEsme().build(), CONTEXT)).isEqualTo(Decision.unchanged());
        }

        @Test
        void enrollingAnEnrolledMeterWithOtherFactsIsRefused() {
            EnrolDevice other = anEligibleEsme().paymentMode(PaymentMode.PREPAYMENT).build();

            assertThat(refusalOf(eligibleEsme().decide(other, CONTEXT))).isEqualTo(RefusalCode.DEVICE_ALREADY_ENROLLED);
        }

        @Test
        void aMetersResponsibleSupplierMustActInTheFuelsSupplierRole() {
            EnrolDevice esmeWithGasSupplier = anEligibleEsme().supplier(GAS_SUPPLIER).build();

            assertThat(refusalOf(Device.notEnrolled(ESME).decide(esmeWithGasSupplier, CONTEXT)))
                    .isEqualTo(RefusalCode.SUPPLIER_ROLE_DOES_NOT_MATCH_FUEL);
        }

        @Test
        void anElectricityMeterNeedsAnMpanCoreAndAGasMeterAnMprn() {
            EnrolDevice esmeWithMprn = anEligibleEsme().mpxn("1234567890").build();

            assertThat(refusalOf(Device.notEnrolled(ESME).decide(esmeWithMprn, CONTEXT)))
                    .isEqualTo(RefusalCode.MPXN_DOES_NOT_MATCH_FUEL);
        }

        @Test
        void onlyAGasMeterHasAGasProxyFunctionAndItMustBeGiven() {
            EnrolDevice esmeWithGpf = anEligibleEsme().gpf(GPF).build();
            EnrolDevice gsmeWithoutGpf = anEligibleEsme().gas().gpf(null).build();

            assertThat(refusalOf(Device.notEnrolled(ESME).decide(esmeWithGpf, CONTEXT)))
                    .isEqualTo(RefusalCode.GPF_DOES_NOT_MATCH_FUEL);
            assertThat(refusalOf(Device.notEnrolled(GSME).decide(gsmeWithoutGpf, CONTEXT)))
                    .isEqualTo(RefusalCode.GPF_DOES_NOT_MATCH_FUEL);
        }
    }

    @Nested
    class WhoAndWhen {

        @Test
        void factsComeFromDccSystemsOnly() {
            EnrolDevice fromASupplier = anEligibleEsme().by(AS_SUPPLIER_A).build();

            assertThat(refusalOf(Device.notEnrolled(ESME).decide(fromASupplier, CONTEXT)))
                    .isEqualTo(RefusalCode.NOT_DCC_SYSTEM);
            assertThat(refusalOf(eligibleEsme().decide(
                    new ChangeSupplier(ESME, AS_SUPPLIER_B, null, SUPPLIER_B), CONTEXT)))
                    .isEqualTo(RefusalCode.NOT_DCC_SYSTEM);
        }

        @Test
        void aFactCannotTakeEffectInTheFuture() {
            assertThat(refusalOf(eligibleEsme().decide(changeOfTenancy(NOW.plusSeconds(1)), CONTEXT)))
                    .isEqualTo(RefusalCode.EFFECTIVE_TIME_IN_FUTURE);
        }

        @Test
        void aBackDatedFactKeepsItsEffectiveTimeAndIsRecordedNow() {
            Instant lastWeek = NOW.minusSeconds(7 * 86_400);

            assertThat(eventsOf(eligibleEsme().decide(changeOfTenancy(lastWeek), CONTEXT)))
                    .containsExactly(new TenancyChanged(ESME, DCC, lastWeek, NOW));
        }

        @Test
        void aFactWithoutAnEffectiveTimeTakesEffectWhenRecorded() {
            assertThat(eventsOf(eligibleEsme().decide(changeOfTenancy(null), CONTEXT)))
                    .containsExactly(new TenancyChanged(ESME, DCC, NOW, NOW));
        }

        @Test
        void factsAboutAMeterThatWasNeverEnrolledAreRefused() {
            for (DeviceFact fact : everyFactAboutTheEsme()) {
                assertThat(refusalOf(Device.notEnrolled(ESME).decide(fact, CONTEXT)))
                        .as(fact.name()).isEqualTo(RefusalCode.DEVICE_NOT_ENROLLED);
            }
        }

        @Test
        void factsAreNeverRefusedBecauseTheMeterIsRestricted() {
            for (DeviceFact fact : everyFactAboutTheEsme()) {
                assertThat(restrictedEsme().decide(fact, CONTEXT)).as(fact.name()).isInstanceOf(Accepted.class);
            }
        }
    }

    @Nested
    class RepeatedFacts {

        @Test
        void aFactThatChangesNothingAppendsNothing() {
            assertThat(eligibleEsme().decide(meterStatus(SmiStatus.COMMISSIONED), CONTEXT)).isEqualTo(Decision.unchanged());
            assertThat(eligibleEsme().decide(hubStatus(SmiStatus.COMMISSIONED), CONTEXT)).isEqualTo(Decision.unchanged());
            assertThat(eligibleEsme().decide(paymentMode(PaymentMode.CREDIT), CONTEXT)).isEqualTo(Decision.unchanged());
            assertThat(eligibleEsme().decide(site(SiteCharacteristics.NONE), CONTEXT)).isEqualTo(Decision.unchanged());
        }
    }

    @Nested
    class ChangeOfSupplier {

        @Test
        void theFlagSurvivesAChangeOfSupplierAndTheEventNamesBothSuppliers() {
            List<DeviceEvent> events = eventsOf(restrictedEsme().decide(changeOfSupplierTo(SUPPLIER_B), CONTEXT));

            assertThat(events).containsExactly(new SupplierChanged(ESME, DCC, NOW, NOW, SUPPLIER_A, SUPPLIER_B));
            Device after = restrictedEsme().evolve(events.get(0));
            assertThat(after.restricted()).isTrue();
            assertThat(after.meter().supplier()).isEqualTo(SUPPLIER_B);
        }

        @Test
        void theGainingSupplierMustActInTheFuelsSupplierRole() {
            assertThat(refusalOf(eligibleEsme().decide(changeOfSupplierTo(GAS_SUPPLIER), CONTEXT)))
                    .isEqualTo(RefusalCode.SUPPLIER_ROLE_DOES_NOT_MATCH_FUEL);
        }

        @Test
        void aChangeOfSupplierToTheResponsibleSupplierIsImpossible() {
            assertThat(refusalOf(eligibleEsme().decide(changeOfSupplierTo(SUPPLIER_A), CONTEXT)))
                    .isEqualTo(RefusalCode.GAINING_SUPPLIER_ALREADY_RESPONSIBLE);
        }
    }

    @Nested
    class ChangeOfTenancy {

        @Test
        void aChangeOfTenancyClearsTheFlagWithReasonChangeOfTenancy() {
            assertThat(eventsOf(restrictedEsme().decide(changeOfTenancy(null), CONTEXT))).containsExactly(
                    new TenancyChanged(ESME, DCC, NOW, NOW),
                    new RestrictionEnded(ESME, DCC, NOW, NOW, RestrictionEndReason.CHANGE_OF_TENANCY, SUPPLIER_A));
        }

        @Test
        void whenThePolicyIsOffTheFlagSurvivesAChangeOfTenancy() {
            DecisionContext keepOnCoT = new DecisionContext(CLOCK, new DevicePolicy(false));

            assertThat(eventsOf(restrictedEsme().decide(changeOfTenancy(null), keepOnCoT)))
                    .containsExactly(new TenancyChanged(ESME, DCC, NOW, NOW));
        }

        @Test
        void aChangeOfTenancyOnAnUnrestrictedMeterIsRecordedAlone() {
            assertThat(eventsOf(eligibleEsme().decide(changeOfTenancy(null), CONTEXT)))
                    .containsExactly(new TenancyChanged(ESME, DCC, NOW, NOW));
        }

        @Test
        void aBackDatedChangeOfTenancyFromBeforeTheFlagLeavesTheIncomingTenantsChoice() {
            Instant beforeTheFlag = EARLIER.minusSeconds(3600);

            assertThat(eventsOf(restrictedEsme().decide(changeOfTenancy(beforeTheFlag), CONTEXT)))
                    .containsExactly(new TenancyChanged(ESME, DCC, beforeTheFlag, NOW));
        }
    }

    @Nested
    class FactsThatEndTheRestriction {

        @Test
        void aMoveToPrepaymentEndsTheRestriction() {
            assertThat(eventsOf(restrictedEsme().decide(paymentMode(PaymentMode.PREPAYMENT), CONTEXT))).containsExactly(
                    new PaymentModeChanged(ESME, DCC, NOW, NOW, PaymentMode.PREPAYMENT),
                    new RestrictionEnded(ESME, DCC, NOW, NOW, RestrictionEndReason.PREPAYMENT_MODE, SUPPLIER_A));
        }

        @Test
        void aNewLoadSwitchingExemptionEndsTheRestriction() {
            SiteCharacteristics e7 = new SiteCharacteristics(true, false, false);
            assertThat(eventsOf(restrictedEsme().decide(site(e7), CONTEXT))).containsExactly(
                    new SiteCharacteristicsChanged(ESME, DCC, NOW, NOW, e7),
                    new RestrictionEnded(ESME, DCC, NOW, NOW, RestrictionEndReason.LOAD_SWITCHING_EXEMPTION, SUPPLIER_A));
        }

        @Test
        void aNewRadioTeleswitchExemptionEndsTheRestriction() {
            SiteCharacteristics rts = new SiteCharacteristics(false, true, false);
            assertThat(eventsOf(restrictedEsme().decide(site(rts), CONTEXT))).last().isEqualTo(
                    new RestrictionEnded(ESME, DCC, NOW, NOW, RestrictionEndReason.RADIO_TELESWITCH_EXEMPTION, SUPPLIER_A));
        }

        @Test
        void aNewNetworkManagedExemptionEndsTheRestriction() {
            SiteCharacteristics networkManaged = new SiteCharacteristics(false, false, true);
            assertThat(eventsOf(restrictedEsme().decide(site(networkManaged), CONTEXT))).last().isEqualTo(
                    new RestrictionEnded(ESME, DCC, NOW, NOW, RestrictionEndReason.NETWORK_MANAGED_EXEMPTION, SUPPLIER_A));
        }

        @ParameterizedTest
        @EnumSource(value = SmiStatus.class, names = "COMMISSIONED", mode = EnumSource.Mode.EXCLUDE)
        void aMeterLeavingCommissionedEndsTheRestriction(SmiStatus status) {
            assertThat(eventsOf(restrictedEsme().decide(meterStatus(status), CONTEXT))).containsExactly(
                    new MeterStatusChanged(ESME, DCC, NOW, NOW, status),
                    new RestrictionEnded(ESME, DCC, NOW, NOW, RestrictionEndReason.METER_NOT_COMMISSIONED, SUPPLIER_A));
        }

        @ParameterizedTest
        @EnumSource(value = SmiStatus.class, names = "COMMISSIONED", mode = EnumSource.Mode.EXCLUDE)
        void theCommsHubLeavingCommissionedEndsTheRestriction(SmiStatus status) {
            assertThat(eventsOf(restrictedEsme().decide(hubStatus(status), CONTEXT))).containsExactly(
                    new CommsHubStatusChanged(ESME, DCC, NOW, NOW, CHF, status),
                    new RestrictionEnded(ESME, DCC, NOW, NOW, RestrictionEndReason.COMMS_HUB_NOT_COMMISSIONED,
                            SUPPLIER_A));
        }

        @Test
        void theEndNamesTheSupplierResponsibleAtTheTimeSoItCanBeTold() {
            Device afterCoS = restrictedEsme().evolve(new SupplierChanged(ESME, DCC, NOW, NOW, SUPPLIER_A, SUPPLIER_B));

            RestrictionEnded ended = (RestrictionEnded) eventsOf(
                    afterCoS.decide(paymentMode(PaymentMode.PREPAYMENT), CONTEXT)).get(1);

            assertThat(ended.supplierToNotify()).isEqualTo(SUPPLIER_B);
        }

        @Test
        void aBackDatedFactCannotEndTheFlagBeforeItBegan() {
            Instant beforeTheFlag = EARLIER.minusSeconds(3600);

            RestrictionEnded ended = (RestrictionEnded) eventsOf(restrictedEsme().decide(
                    new ChangePaymentMode(ESME, DCC, beforeTheFlag,
                            PaymentMode.PREPAYMENT), CONTEXT)).get(1);

            assertThat(ended.effectiveAt()).isEqualTo(EARLIER);
            assertThat(ended.recordedAt()).isEqualTo(NOW);
        }

        @Test
        void aFactThatKeepsTheMeterEligibleKeepsTheFlag() {
            assertThat(eventsOf(restrictedEsme().decide(meterStatus(SmiStatus.COMMISSIONED), CONTEXT))).isEmpty();
            Device recommissioned = restrictedEsme();
            assertThat(eventsOf(recommissioned.decide(changeOfSupplierTo(SUPPLIER_B), CONTEXT)))
                    .noneMatch(RestrictionEnded.class::isInstance);
        }
    }
}
