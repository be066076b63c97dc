package uk.smartmeter.restricted.application.axon;

import static org.axonframework.test.matchers.Matchers.predicate;
import static uk.smartmeter.restricted.domain.device.DeviceTestData.*;

import java.time.Clock;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Attestation;
import uk.smartmeter.restricted.domain.device.ClearReason;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.DecisionContext;
import uk.smartmeter.restricted.domain.device.DevicePolicy;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.domain.device.RestrictionEndReason;
import uk.smartmeter.restricted.domain.device.SiteCharacteristics;
import uk.smartmeter.restricted.domain.device.SmetsVersion;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.command.ApplyRestriction;
import uk.smartmeter.restricted.domain.device.command.DeviceCommand;
import uk.smartmeter.restricted.domain.device.event.CommsHubStatusChanged;
import uk.smartmeter.restricted.domain.device.event.MeterStatusChanged;
import uk.smartmeter.restricted.domain.device.event.PaymentModeChanged;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;
import uk.smartmeter.restricted.domain.device.event.SiteCharacteristicsChanged;
import uk.smartmeter.restricted.domain.device.event.SupplierChanged;
import uk.smartmeter.restricted.domain.device.event.TenancyChanged;

/** The Axon binding, rule by rule: given the device's history, when a command arrives, expect events or a refusal. */
class DeviceAggregateFixtureTest {

    private FixtureConfiguration<DeviceAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = withPolicy(DevicePolicy.DEFAULT);
    }

    private static FixtureConfiguration<DeviceAggregate> withPolicy(DevicePolicy policy) {
        FixtureConfiguration<DeviceAggregate> configured = new AggregateTestFixture<>(DeviceAggregate.class);
        configured.registerInjectableResource(new DecisionContext(CLOCK, policy));
        configured.registerInjectableResource(uk.smartmeter.restricted.application.port.out.DeviceIdentities.NONE_TAKEN);
        return configured;
    }

    private static DecideOnDevice on(DeviceCommand command) {
        return DecideOnDevice.of(command);
    }

    private static org.hamcrest.Matcher<Object> refusedWith(RefusalCode code) {
        return predicate(result -> ((CommandOutcome) result).decision() instanceof Decision.Refused refused
                && refused.code() == code);
    }

    private static org.hamcrest.Matcher<Object> unchanged() {
        return predicate(result -> ((CommandOutcome) result).decision() instanceof Decision.Accepted accepted
                && accepted.changedNothing());
    }

    @Nested
    class Enrolment {

        @Test
        void theDccEnrolsAMeterThatDidNotExist() {
            fixture.givenNoPriorActivity()
                    .when(on(anEligibleEsme().build()))
                    .expectEvents(anEligibleEsme().enrolledEvent(NOW));
        }

        @Test
        void aSupplierCannotEnrolAMeterAndTheRefusalCreatesNothing() {
            fixture.givenNoPriorActivity()
                    .when(on(anEligibleEsme().by(AS_SUPPLIER_A).build()))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.NOT_DCC_SYSTEM));
        }

        @Test
        void enrollingAnEnrolledMeterWithOtherFactsIsRefused() {
            fixture.given(enrolledEligibleEsme())
                    .when(on(anEligibleEsme().smets(SmetsVersion.SMETS3).build()))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.DEVICE_ALREADY_ENROLLED));
        }

        @Test
        void aFactAboutAMeterThatWasNeverEnrolledIsRefused() {
            fixture.givenNoPriorActivity()
                    .when(on(paymentMode(PaymentMode.PREPAYMENT)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.DEVICE_NOT_ENROLLED));
        }

        @Test
        void aMetersResponsibleSupplierMustActInTheFuelsSupplierRole() {
            fixture.givenNoPriorActivity()
                    .when(on(anEligibleEsme().supplier(GAS_SUPPLIER).build()))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.SUPPLIER_ROLE_DOES_NOT_MATCH_FUEL));
        }

        @Test
        void anElectricityMeterNeedsAnMpanCore() {
            fixture.givenNoPriorActivity()
                    .when(on(anEligibleEsme().mpxn("1234567890").build()))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.MPXN_DOES_NOT_MATCH_FUEL));
        }

        @Test
        void onlyAGasMeterHasAGasProxyFunction() {
            fixture.givenNoPriorActivity()
                    .when(on(anEligibleEsme().gpf(GPF).build()))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.GPF_DOES_NOT_MATCH_FUEL));
        }

        @Test
        void enrollingTheSameMeterAgainWithTheSameFactsChangesNothing() {
            fixture.given(enrolledEligibleEsme())
                    .when(on(anEligibleEsme().build()))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(unchanged());
        }

        @Test
        void aFactCannotTakeEffectInTheFuture() {
            fixture.given(enrolledEligibleEsme())
                    .when(on(changeOfTenancy(NOW.plusSeconds(60))))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.EFFECTIVE_TIME_IN_FUTURE));
        }
    }

    @Nested
    class ApplyingRestrictedMode {

        @Test
        void theResponsibleSupplierCanApplyRestrictedModeToAnEligibleMeter() {
            fixture.given(enrolledEligibleEsme())
                    .when(on(apply(AS_SUPPLIER_A)))
                    .expectEvents(new RestrictionApplied(ESME, AS_SUPPLIER_A, NOW, NOW, SUPPLIER_A, ATTESTATION));
        }

        @Test
        void aSupplierThatIsNotResponsibleCannotApplyTheFlag() {
            fixture.given(enrolledEligibleEsme())
                    .when(on(apply(AS_SUPPLIER_B)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.NOT_RESPONSIBLE_SUPPLIER));
        }

        @Test
        void aCommandBasedOnAStaleVersionIsRejectedAtomically() {
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                    .when(DecideOnDevice.of(clear(AS_SUPPLIER_A), 0L))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.CONCURRENT_UPDATE));
        }

        @Test
        void aRefusalComesBeforeTheVersionCheckSoAStaleVersionRevealsNothing() {
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                    .when(DecideOnDevice.of(clear(AS_SUPPLIER_B), 99L))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.NOT_RESPONSIBLE_SUPPLIER));
        }

        @Test
        void aCommandBasedOnTheCurrentVersionIsDecided() {
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                    .when(DecideOnDevice.of(clear(AS_SUPPLIER_A), 1L))
                    .expectEvents(new RestrictionCleared(ESME, AS_SUPPLIER_A, NOW, NOW, SUPPLIER_A,
                            ClearReason.CONSUMER_REQUEST));
        }

        @Test
        void theResponsibleSuppliersPartyInAnotherRoleCannotApplyTheFlag() {
            fixture.given(enrolledEligibleEsme())
                    .when(on(apply(new Actor(SUPPLIER_A.party(), UserRole.ES, null))))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.NOT_RESPONSIBLE_SUPPLIER));
        }

        @Test
        void aMeterThatWasNeverEnrolledCannotBeRestricted() {
            fixture.givenNoPriorActivity()
                    .when(on(apply(AS_SUPPLIER_A)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.DEVICE_NOT_ENROLLED));
        }

        @Test
        void onlySmets2OrLaterMetersCanBeRestricted() {
            fixture.given(anEligibleEsme().smets(SmetsVersion.SMETS1).enrolledEvent())
                    .when(on(apply(AS_SUPPLIER_A)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.NOT_SMETS2_OR_LATER));
        }

        @Test
        void aMeterThatIsNotCommissionedCannotBeRestricted() {
            fixture.given(anEligibleEsme().status(SmiStatus.INSTALLED_NOT_COMMISSIONED).enrolledEvent())
                    .when(on(apply(AS_SUPPLIER_A)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.METER_NOT_COMMISSIONED));
        }

        @Test
        void aMeterWhoseCommsHubIsNotCommissionedCannotBeRestricted() {
            fixture.given(anEligibleEsme().hubStatus(SmiStatus.INSTALLED_NOT_COMMISSIONED).enrolledEvent())
                    .when(on(apply(AS_SUPPLIER_A)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.COMMS_HUB_NOT_COMMISSIONED));
        }

        @Test
        void onlyCreditModeMetersCanBeRestricted() {
            fixture.given(anEligibleEsme().paymentMode(PaymentMode.PREPAYMENT).enrolledEvent())
                    .when(on(apply(AS_SUPPLIER_A)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.PREPAYMENT_MODE));
        }

        @Test
        void aSiteWithEconomy7OrSimilarLoadSwitchingCannotBeRestricted() {
            fixture.given(anEligibleEsme().site(new SiteCharacteristics(true, false, false)).enrolledEvent())
                    .when(on(apply(AS_SUPPLIER_A)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.LOAD_SWITCHING_EXEMPTION));
        }

        @Test
        void aSiteOnRadioTeleswitchCannotBeRestricted() {
            fixture.given(anEligibleEsme().site(new SiteCharacteristics(false, true, false)).enrolledEvent())
                    .when(on(apply(AS_SUPPLIER_A)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.RADIO_TELESWITCH_EXEMPTION));
        }

        @Test
        void aNetworkManagedSiteWithoutWanCannotBeRestricted() {
            fixture.given(anEligibleEsme().site(new SiteCharacteristics(false, false, true)).enrolledEvent())
                    .when(on(apply(AS_SUPPLIER_A)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.NETWORK_MANAGED_EXEMPTION));
        }

        @Test
        void anApplyWithoutAnAllReasonableStepsAttestationIsRefused() {
            fixture.given(enrolledEligibleEsme())
                    .when(on(new ApplyRestriction(ESME, AS_SUPPLIER_A, null)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.REASONABLE_STEPS_NOT_ATTESTED));
        }

        @Test
        void reasonableStepsCannotHaveBeenExhaustedAfterToday() {
            Attestation tomorrow = new Attestation("RS-9", NOW.atZone(Clock.systemUTC().getZone()).toLocalDate().plusDays(1));
            fixture.given(enrolledEligibleEsme())
                    .when(on(new ApplyRestriction(ESME, AS_SUPPLIER_A, tomorrow)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.REASONABLE_STEPS_DATE_IN_FUTURE));
        }

        @Test
        void applyingAgainToARestrictedMeterIsAnIdempotentNoOp() {
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                    .when(on(apply(AS_SUPPLIER_A)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(unchanged());
        }
    }

    @Nested
    class ClearingRestrictedMode {

        @Test
        void theResponsibleSupplierCanClearTheFlagWithAReason() {
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                    .when(on(clear(AS_SUPPLIER_A)))
                    .expectEvents(new RestrictionCleared(ESME, AS_SUPPLIER_A, NOW, NOW, SUPPLIER_A,
                            ClearReason.CONSUMER_REQUEST));
        }

        @Test
        void aSupplierThatIsNotResponsibleCannotClearTheFlag() {
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                    .when(on(clear(AS_SUPPLIER_B)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.NOT_RESPONSIBLE_SUPPLIER));
        }

        @Test
        void anOtherUserCannotClearTheFlag() {
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                    .when(on(clear(Actor.of("DATA-SERVICES-LTD", UserRole.OU))))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.NOT_RESPONSIBLE_SUPPLIER));
        }

        @Test
        void clearingAMeterThatIsNotRestrictedIsAnIdempotentNoOp() {
            fixture.given(enrolledEligibleEsme())
                    .when(on(clear(AS_SUPPLIER_A)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(unchanged());
        }
    }

    @Nested
    class Reactions {

        @Test
        void theFlagSurvivesAChangeOfSupplierAndTheGainingSupplierCanClearIt() {
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA(),
                            new SupplierChanged(ESME, DCC, NOW, NOW, SUPPLIER_A, SUPPLIER_B))
                    .when(on(clear(AS_SUPPLIER_B)))
                    .expectEvents(new RestrictionCleared(ESME, AS_SUPPLIER_B, NOW, NOW, SUPPLIER_B,
                            ClearReason.CONSUMER_REQUEST));
        }

        @Test
        void aChangeOfSupplierNamesBothSuppliersAndEndsNothing() {
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                    .when(on(changeOfSupplierTo(SUPPLIER_B)))
                    .expectEvents(new SupplierChanged(ESME, DCC, NOW, NOW, SUPPLIER_A, SUPPLIER_B));
        }

        @Test
        void aChangeOfSupplierToTheResponsibleSupplierIsImpossible() {
            fixture.given(enrolledEligibleEsme())
                    .when(on(changeOfSupplierTo(SUPPLIER_A)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.GAINING_SUPPLIER_ALREADY_RESPONSIBLE));
        }

        @Test
        void aBackDatedChangeOfTenancyFromBeforeTheFlagLeavesTheIncomingTenantsChoice() {
            java.time.Instant beforeTheFlag = EARLIER.minusSeconds(3600);
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                    .when(on(changeOfTenancy(beforeTheFlag)))
                    .expectEvents(new TenancyChanged(ESME, DCC, beforeTheFlag, NOW));
        }

        @Test
        void repeatingAFactThatIsAlreadyTrueAppendsNothing() {
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                    .when(on(paymentMode(PaymentMode.CREDIT)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(unchanged());
        }

        @Test
        void theLosingSupplierCannotClearTheFlagAfterAChangeOfSupplier() {
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA(),
                            new SupplierChanged(ESME, DCC, NOW, NOW, SUPPLIER_A, SUPPLIER_B))
                    .when(on(clear(AS_SUPPLIER_A)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(refusedWith(RefusalCode.NOT_RESPONSIBLE_SUPPLIER));
        }

        @Test
        void aChangeOfTenancyClearsTheFlagWithReasonChangeOfTenancy() {
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                    .when(on(changeOfTenancy(null)))
                    .expectEvents(new TenancyChanged(ESME, DCC, NOW, NOW),
                            new RestrictionEnded(ESME, DCC, NOW, NOW, RestrictionEndReason.CHANGE_OF_TENANCY,
                                    SUPPLIER_A));
        }

        @Test
        void whenThePolicyIsOffTheFlagSurvivesAChangeOfTenancy() {
            withPolicy(new DevicePolicy(false))
                    .given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                    .when(on(changeOfTenancy(null)))
                    .expectEvents(new TenancyChanged(ESME, DCC, NOW, NOW));
        }

        @Test
        void aMoveToPrepaymentEndsTheRestriction() {
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                    .when(on(paymentMode(PaymentMode.PREPAYMENT)))
                    .expectEvents(new PaymentModeChanged(ESME, DCC, NOW, NOW, PaymentMode.PREPAYMENT),
                            new RestrictionEnded(ESME, DCC, NOW, NOW, RestrictionEndReason.PREPAYMENT_MODE, SUPPLIER_A));
        }

        @Test
        void aNewExemptionEndsTheRestriction() {
            SiteCharacteristics rts = new SiteCharacteristics(false, true, false);
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                    .when(on(site(rts)))
                    .expectEvents(new SiteCharacteristicsChanged(ESME, DCC, NOW, NOW, rts),
                            new RestrictionEnded(ESME, DCC, NOW, NOW, RestrictionEndReason.RADIO_TELESWITCH_EXEMPTION,
                                    SUPPLIER_A));
        }

        @Test
        void aMeterLeavingCommissionedEndsTheRestriction() {
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                    .when(on(meterStatus(SmiStatus.DECOMMISSIONED)))
                    .expectEvents(new MeterStatusChanged(ESME, DCC, NOW, NOW, SmiStatus.DECOMMISSIONED),
                            new RestrictionEnded(ESME, DCC, NOW, NOW, RestrictionEndReason.METER_NOT_COMMISSIONED,
                                    SUPPLIER_A));
        }

        @Test
        void theCommsHubLeavingCommissionedEndsTheRestriction() {
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                    .when(on(hubStatus(SmiStatus.SUSPENDED)))
                    .expectEvents(new CommsHubStatusChanged(ESME, DCC, NOW, NOW, CHF, SmiStatus.SUSPENDED),
                            new RestrictionEnded(ESME, DCC, NOW, NOW, RestrictionEndReason.COMMS_HUB_NOT_COMMISSIONED,
                                    SUPPLIER_A));
        }

        @Test
        void aFactThatLeavesTheMeterEligibleKeepsTheFlag() {
            fixture.given(enrolledEligibleEsme(), restrictionAppliedBySupplierA(),
                            new MeterStatusChanged(ESME, DCC, NOW, NOW, SmiStatus.SUSPENDED))
                    .when(on(meterStatus(SmiStatus.COMMISSIONED)))
                    .expectEvents(new MeterStatusChanged(ESME, DCC, NOW, NOW, SmiStatus.COMMISSIONED));
        }
    }
}
