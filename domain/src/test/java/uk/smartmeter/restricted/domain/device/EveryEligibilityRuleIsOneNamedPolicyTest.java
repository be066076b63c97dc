package uk.smartmeter.restricted.domain.device;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.smartmeter.restricted.domain.device.DeviceTestData.anEligibleEsme;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each of MP169's eligibility rules is one named policy ({@link Ineligibility}), in the modification's words: a meter
 * that breaks only that rule is ruled out by it alone, and an eligible meter by none.
 */
class EveryEligibilityRuleIsOneNamedPolicyTest {

    private static final Map<Ineligibility, DeviceTestData.EnrolmentBuilder> BREAKING_ONLY = Map.of(
            Ineligibility.NOT_SMETS2_OR_LATER, anEligibleEsme().smets(SmetsVersion.SMETS1),
            Ineligibility.METER_NOT_COMMISSIONED, anEligibleEsme().status(SmiStatus.INSTALLED_NOT_COMMISSIONED),
            Ineligibility.COMMS_HUB_NOT_COMMISSIONED, anEligibleEsme().hubStatus(SmiStatus.INSTALLED_NOT_COMMISSIONED),
            Ineligibility.PREPAYMENT_MODE, anEligibleEsme().paymentMode(PaymentMode.PREPAYMENT),
            Ineligibility.LOAD_SWITCHING_EXEMPTION, anEligibleEsme().site(new SiteCharacteristics(true, false, false)),
            Ineligibility.RADIO_TELESWITCH_EXEMPTION, anEligibleEsme().site(new SiteCharacteristics(false, true, false)),
            Ineligibility.NETWORK_MANAGED_EXEMPTION, anEligibleEsme().site(new SiteCharacteristics(false, false, true)));

    private static Meter meter(DeviceTestData.EnrolmentBuilder builder) {
        return Device.notEnrolled(builder.build().deviceId()).evolve(builder.enrolledEvent()).meter();
    }

    @Test
    void anEligibleMeterBreaksNoRule() {
        assertThat(RestrictedModeEligibility.ineligibilities(meter(anEligibleEsme()))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Ineligibility.class)
    void aMeterBreakingOneRuleIsRuledOutByThatRuleAlone(Ineligibility rule) {
        assertThat(BREAKING_ONLY).containsKey(rule);
        assertThat(RestrictedModeEligibility.ineligibilities(meter(BREAKING_ONLY.get(rule)))).containsExactly(rule);
        assertThat(rule.rule()).as("the rule in MP169's words").isNotBlank();
        assertThat(rule.refusalCode().name()).isEqualTo(rule.name());
    }
}
