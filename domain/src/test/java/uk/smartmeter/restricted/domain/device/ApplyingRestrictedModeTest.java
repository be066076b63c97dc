package uk.smartmeter.restricted.domain.device;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.smartmeter.restricted.domain.device.DeviceTestData.*;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import uk.smartmeter.restricted.domain.device.Decision.Accepted;
import uk.smartmeter.restricted.domain.device.Decision.Refused;
import uk.smartmeter.restricted.domain.device.command.ApplyRestriction;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;

class ApplyingRestrictedModeTest {

    private static Device enrolled(DeviceTestData.EnrolmentBuilder builder) {
        return Device.notEnrolled(builder.build().deviceId()).evolve(builder.enrolledEvent());
    }

    private static RefusalCode refusalOf(Decision decision) {
        assertThat(decision).isInstanceOf(Refused.class);
        return ((Refused) decision).code();
    }

    @Test
    void theResponsibleSupplierCanApplyRestrictedModeToAnEligibleMeter() {
        Decision decision = eligibleEsme().decide(apply(AS_SUPPLIER_A), CONTEXT);

        assertThat(decision).isEqualTo(Decision.accept(
                new RestrictionApplied(ESME, AS_SUPPLIER_A, NOW, NOW, SUPPLIER_A, ATTESTATION)));
    }

    @Test
    void theResponsibleGasSupplierCanApplyRestrictedModeToAnEligibleGasMeter() {
        Device gas = enrolled(anEligibleEsme().gas());
        Actor gasSupplier = new Actor(GAS_SUPPLIER.party(), UserRole.GS, null);

        Decision decision = gas.decide(new ApplyRestriction(GSME, gasSupplier, ATTESTATION), CONTEXT);

        assertThat(decision).isEqualTo(Decision.accept(
                new RestrictionApplied(GSME, gasSupplier, NOW, NOW, GAS_SUPPLIER, ATTESTATION)));
    }

    @Test
    void aSupplierThatIsNotResponsibleCannotApplyTheFlag() {
        assertThat(refusalOf(eligibleEsme().decide(apply(AS_SUPPLIER_B), CONTEXT)))
                .isEqualTo(RefusalCode.NOT_RESPONSIBLE_SUPPLIER);
    }

    @ParameterizedTest
    @EnumSource(value = UserRole.class, names = {"ES", "GS", "ED", "GT", "OU", "RSA", "DCC", "REGULATOR"})
    void theResponsibleSuppliersPartyActingInAnyOtherRoleCannotApplyTheFlag(UserRole role) {
        Actor samePartyOtherRole = new Actor(SUPPLIER_A.party(), role, null);

        assertThat(refusalOf(eligibleEsme().decide(apply(samePartyOtherRole), CONTEXT)))
                .isEqualTo(RefusalCode.NOT_RESPONSIBLE_SUPPLIER);
    }

    @Test
    void aMeterThatWasNeverEnrolledCannotBeRestricted() {
        assertThat(refusalOf(Device.notEnrolled(ESME).decide(apply(AS_SUPPLIER_A), CONTEXT)))
                .isEqualTo(RefusalCode.DEVICE_NOT_ENROLLED);
    }

    @Test
    void onlySmets2OrLaterMetersCanBeRestricted() {
        assertThat(refusalOf(enrolled(anEligibleEsme().smets(SmetsVersion.SMETS1)).decide(apply(AS_SUPPLIER_A), CONTEXT)))
                .isEqualTo(RefusalCode.NOT_SMETS2_OR_LATER);
        assertThat(enrolled(anEligibleEsme().smets(SmetsVersion.SMETS3)).decide(apply(AS_SUPPLIER_A), CONTEXT))
                .isInstanceOf(Accepted.class);
    }

    @ParameterizedTest
    @EnumSource(value = SmiStatus.class, names = "COMMISSIONED", mode = EnumSource.Mode.EXCLUDE)
    void aMeterThatIsNotCommissionedCannotBeRestricted(SmiStatus status) {
        assertThat(refusalOf(enrolled(anEligibleEsme().status(status)).decide(apply(AS_SUPPLIER_A), CONTEXT)))
                .isEqualTo(RefusalCode.METER_NOT_COMMISSIONED);
    }

    @ParameterizedTest
    @EnumSource(value = SmiStatus.class, names = "COMMISSIONED", mode = EnumSource.Mode.EXCLUDE)
    void aMeterWhoseCommsHubIsNotCommissionedCannotBeRestricted(SmiStatus status) {
        assertThat(refusalOf(enrolled(anEligibleEsme().hubStatus(status)).decide(apply(AS_SUPPLIER_A), CONTEXT)))
                .isEqualTo(RefusalCode.COMMS_HUB_NOT_COMMISSIONED);
    }

    @Test
    void onlyCreditModeMetersCanBeRestricted() {
        assertThat(refusalOf(enrolled(anEligibleEsme().paymentMode(PaymentMode.PREPAYMENT))
                .decide(apply(AS_SUPPLIER_A), CONTEXT)))
                .isEqualTo(RefusalCode.PREPAYMENT_MODE);
    }

    @Test
    void aSiteWithEconomy7OrSimilarLoadSwitchingCannotBeRestricted() {
        assertThat(refusalOf(enrolled(anEligibleEsme().site(new SiteCharacteristics(true, false, false)))
                .decide(apply(AS_SUPPLIER_A), CONTEXT)))
                .isEqualTo(RefusalCode.LOAD_SWITCHING_EXEMPTION);
    }

    @Test
    void aSiteOnRadioTeleswitchCannotBeRestricted() {
        assertThat(refusalOf(enrolled(anEligibleEsme().site(new SiteCharacteristics(false, true, false)))
                .decide(apply(AS_SUPPLIER_A), CONTEXT)))
                .isEqualTo(RefusalCode.RADIO_TELESWITCH_EXEMPTION);
    }

    @Test
    void aNetworkManagedSiteWithoutWanCannotBeRestricted() {
        assertThat(refusalOf(enrolled(anEligibleEsme().site(new SiteCharacteristics(false, false, true)))
                .decide(apply(AS_SUPPLIER_A), CONTEXT)))
                .isEqualTo(RefusalCode.NETWORK_MANAGED_EXEMPTION);
    }

    @Test
    void aRefusalForIneligibilityNamesEveryRuleTheMeterBreaks() {
        Device prepaymentE7 = enrolled(anEligibleEsme().paymentMode(PaymentMode.PREPAYMENT)
                .site(new SiteCharacteristics(true, false, false)));

        Refused refused = (Refused) prepaymentE7.decide(apply(AS_SUPPLIER_A), CONTEXT);

        assertThat(refused.code()).isEqualTo(RefusalCode.PREPAYMENT_MODE);
        assertThat(refused.refusal().detail()).contains("PREPAYMENT_MODE", "LOAD_SWITCHING_EXEMPTION");
    }

    @Test
    void anApplyWithoutAnAllReasonableStepsAttestationIsRefused() {
        Decision decision = eligibleEsme().decide(new ApplyRestriction(ESME, AS_SUPPLIER_A, null), CONTEXT);

        assertThat(refusalOf(decision)).isEqualTo(RefusalCode.REASONABLE_STEPS_NOT_ATTESTED);
    }

    @Test
    void reasonableStepsCannotHaveBeenExhaustedAfterToday() {
        Attestation tomorrow = new Attestation("RS-1", LocalDate.parse("2026-11-24"));
        Attestation today = new Attestation("RS-1", LocalDate.parse("2026-11-23"));

        assertThat(refusalOf(eligibleEsme().decide(new ApplyRestriction(ESME, AS_SUPPLIER_A, tomorrow), CONTEXT)))
                .isEqualTo(RefusalCode.REASONABLE_STEPS_DATE_IN_FUTURE);
        assertThat(eligibleEsme().decide(new ApplyRestriction(ESME, AS_SUPPLIER_A, today), CONTEXT))
                .isInstanceOf(Accepted.class);
    }

    @Test
    void applyingAgainToARestrictedMeterIsAnIdempotentNoOp() {
        Decision decision = restrictedEsme().decide(apply(AS_SUPPLIER_A), CONTEXT);

        assertThat(decision).isEqualTo(Decision.unchanged());
    }

    @Test
    void applyingAgainByAnotherSupplierIsStillRefused() {
        assertThat(refusalOf(restrictedEsme().decide(apply(AS_SUPPLIER_B), CONTEXT)))
                .isEqualTo(RefusalCode.NOT_RESPONSIBLE_SUPPLIER);
    }

    @Test
    void theAppliedFlagRecordsSinceWhenByWhomAndOnWhatAttestation() {
        Device restricted = eligibleEsme().evolve(new RestrictionApplied(ESME, AS_SUPPLIER_A, NOW, NOW, SUPPLIER_A,
                ATTESTATION));

        assertThat(restricted.restriction()).isEqualTo(new Restriction(NOW, SUPPLIER_A, ATTESTATION));
        assertThat(restricted.version()).isEqualTo(1);
    }
}
