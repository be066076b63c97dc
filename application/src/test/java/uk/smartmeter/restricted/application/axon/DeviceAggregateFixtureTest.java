package uk.smartmeter.restricted.application.axon;

import static org.axonframework.test.matchers.Matchers.predicate;
import static uk.smartmeter.restricted.domain.device.DeviceTestData.*;

import java.util.Optional;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.application.port.out.DeviceIdentities;
import uk.smartmeter.restricted.domain.device.ClearReason;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.DecisionContext;
import uk.smartmeter.restricted.domain.device.DevicePolicy;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.domain.device.RestrictionEndReason;
import uk.smartmeter.restricted.domain.device.command.DeviceCommand;
import uk.smartmeter.restricted.domain.device.event.PaymentModeChanged;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;
import uk.smartmeter.restricted.domain.device.event.TenancyChanged;

/**
 * What the Axon binding adds to the domain's Device, and only that (the rules themselves are the domain's tests): a
 * new aggregate from an enrolment and none from a refusal; state rebuilt from the stored events; several events of
 * one decision applied in order; the expected version checked after the access refusal; the policy and the identity
 * claim injected; a repeat appending nothing.
 */
class DeviceAggregateFixtureTest {

    private static FixtureConfiguration<DeviceAggregate> fixture(DevicePolicy policy, DeviceIdentities identities) {
        FixtureConfiguration<DeviceAggregate> configured = new AggregateTestFixture<>(DeviceAggregate.class);
        configured.registerInjectableResource(new DecisionContext(CLOCK, policy));
        configured.registerInjectableResource(identities);
        return configured;
    }

    private static FixtureConfiguration<DeviceAggregate> fixture() {
        return fixture(DevicePolicy.DEFAULT, DeviceIdentities.NONE_TAKEN);
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

    @Test
    void anEnrolmentCreatesTheAggregate() {
        fixture().givenNoPriorActivity()
                .when(on(anEligibleEsme().build()))
                .expectEvents(anEligibleEsme().enrolledEvent(NOW));
    }

    @Test
    void aRefusedEnrolmentCreatesNothing() {
        fixture().givenNoPriorActivity()
                .when(on(anEligibleEsme().by(AS_SUPPLIER_A).build()))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(refusedWith(RefusalCode.NOT_DCC_SYSTEM));
    }

    /** The identity claim is made in the command's own transaction, through the injected port. */
    @Test
    void anEnrolmentWhoseIdIsAnotherDevicesIsRefusedAndCreatesNothing() {
        fixture(DevicePolicy.DEFAULT, (meter, gpf) -> Optional.of("the GPF is another gas meter's"))
                .givenNoPriorActivity()
                .when(on(anEligibleEsme().gas().build()))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(refusedWith(RefusalCode.DEVICE_ID_IN_USE));
    }

    @Test
    void theStateIsRebuiltFromTheStoredEvents() {
        fixture().given(enrolledEligibleEsme())
                .when(on(apply(AS_SUPPLIER_A)))
                .expectEvents(new RestrictionApplied(ESME, AS_SUPPLIER_A, NOW, NOW, SUPPLIER_A, ATTESTATION));
    }

    @Test
    void aRepeatAppendsNothingAndSaysSo() {
        fixture().given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                .when(on(apply(AS_SUPPLIER_A)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(unchanged());
    }

    @Test
    void aDecisionOfSeveralEventsAppendsThemInOrder() {
        fixture().given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                .when(on(paymentMode(PaymentMode.PREPAYMENT)))
                .expectEvents(new PaymentModeChanged(ESME, DCC, NOW, NOW, PaymentMode.PREPAYMENT),
                        new RestrictionEnded(ESME, DCC, NOW, NOW, RestrictionEndReason.PREPAYMENT_MODE, SUPPLIER_A));
    }

    @Test
    void aCommandBasedOnAStaleVersionIsRejectedAtomically() {
        fixture().given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                .when(DecideOnDevice.of(clear(AS_SUPPLIER_A), 0L))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(refusedWith(RefusalCode.CONCURRENT_UPDATE));
    }

    @Test
    void aRefusalComesBeforeTheVersionCheckSoAStaleVersionRevealsNothing() {
        fixture().given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                .when(DecideOnDevice.of(clear(AS_SUPPLIER_B), 99L))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(refusedWith(RefusalCode.NOT_RESPONSIBLE_SUPPLIER));
    }

    @Test
    void aCommandBasedOnTheCurrentVersionIsDecided() {
        fixture().given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                .when(DecideOnDevice.of(clear(AS_SUPPLIER_A), 1L))
                .expectEvents(new RestrictionCleared(ESME, AS_SUPPLIER_A, NOW, NOW, SUPPLIER_A,
                        ClearReason.CONSUMER_REQUEST));
    }

    /** The policy reaches the decision through the injected DecisionContext. */
    @Test
    void theInjectedPolicyDecides() {
        fixture(new DevicePolicy(false), DeviceIdentities.NONE_TAKEN)
                .given(enrolledEligibleEsme(), restrictionAppliedBySupplierA())
                .when(on(changeOfTenancy(null)))
                .expectEvents(new TenancyChanged(ESME, DCC, NOW, NOW));
    }
}
