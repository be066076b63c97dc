package uk.smartmeter.restricted.domain.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static uk.smartmeter.restricted.domain.device.DeviceTestData.*;

import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.Decision.Refused;
import uk.smartmeter.restricted.domain.device.command.ClearRestriction;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;
import uk.smartmeter.restricted.domain.device.event.SupplierChanged;

class ClearingRestrictedModeTest {

    @Test
    void theResponsibleSupplierCanClearTheFlagWithAReason() {
        Decision decision = restrictedEsme().decide(
                new ClearRestriction(ESME, AS_SUPPLIER_A, ClearReason.APPLIED_IN_ERROR), CONTEXT);

        assertThat(decision).isEqualTo(Decision.accept(
                new RestrictionCleared(ESME, AS_SUPPLIER_A, NOW, NOW, SUPPLIER_A, ClearReason.APPLIED_IN_ERROR)));
    }

    @Test
    void aClearedMeterIsNoLongerRestricted() {
        Device cleared = restrictedEsme().evolve(
                new RestrictionCleared(ESME, AS_SUPPLIER_A, NOW, NOW, SUPPLIER_A, ClearReason.CONSUMER_REQUEST));

        assertThat(cleared.restricted()).isFalse();
    }

    @Test
    void aSupplierThatIsNotResponsibleCannotClearTheFlag() {
        Decision decision = restrictedEsme().decide(clear(AS_SUPPLIER_B), CONTEXT);

        assertThat(((Refused) decision).code()).isEqualTo(RefusalCode.NOT_RESPONSIBLE_SUPPLIER);
    }

    @Test
    void anOtherUserWithAConsumptionDataArrangementCannotClearTheFlag() {
        Actor otherUser = Actor.of("DATA-SERVICES-LTD", UserRole.OU);

        assertThat(((Refused) restrictedEsme().decide(clear(otherUser), CONTEXT)).code())
                .isEqualTo(RefusalCode.NOT_RESPONSIBLE_SUPPLIER);
    }

    @Test
    void afterAChangeOfSupplierOnlyTheGainingSupplierCanClearTheFlag() {
        Device afterCoS = restrictedEsme().evolve(new SupplierChanged(ESME, DCC, NOW, NOW, SUPPLIER_A, SUPPLIER_B));

        assertThat(((Refused) afterCoS.decide(clear(AS_SUPPLIER_A), CONTEXT)).code())
                .isEqualTo(RefusalCode.NOT_RESPONSIBLE_SUPPLIER);
        assertThat(afterCoS.decide(clear(AS_SUPPLIER_B), CONTEXT)).isEqualTo(Decision.accept(
                new RestrictionCleared(ESME, AS_SUPPLIER_B, NOW, NOW, SUPPLIER_B, ClearReason.CONSUMER_REQUEST)));
    }

    @Test
    void clearingAMeterThatIsNotRestrictedIsAnIdempotentNoOp() {
        assertThat(eligibleEsme().decide(clear(AS_SUPPLIER_A), CONTEXT)).isEqualTo(Decision.unchanged());
    }

    @Test
    void aMeterThatWasNeverEnrolledCannotBeCleared() {
        assertThat(((Refused) Device.notEnrolled(ESME).decide(clear(AS_SUPPLIER_A), CONTEXT)).code())
                .isEqualTo(RefusalCode.DEVICE_NOT_ENROLLED);
    }

    @Test
    void aClearRequestMustGiveAReason() {
        assertThatNullPointerException().isThrownBy(() -> new ClearRestriction(ESME, AS_SUPPLIER_A, null))
                .withMessageContaining("reason");
    }
}
