package uk.smartmeter.restricted.domain.device;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.smartmeter.restricted.domain.device.DeviceTestData.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.event.CommsHubStatusChanged;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.MeterStatusChanged;
import uk.smartmeter.restricted.domain.device.event.PaymentModeChanged;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;
import uk.smartmeter.restricted.domain.device.event.SiteCharacteristicsChanged;
import uk.smartmeter.restricted.domain.device.event.SupplierChanged;
import uk.smartmeter.restricted.domain.device.event.TenancyChanged;

class EvolvingADeviceTest {

    @Test
    void replayingTheHistoryFoldsEveryFactIntoTheCurrentState() {
        SiteCharacteristics rts = new SiteCharacteristics(false, true, false);
        List<DeviceEvent> history = List.of(
                enrolledEligibleEsme(),
                restrictionAppliedBySupplierA(),
                new SupplierChanged(ESME, DCC, NOW, NOW, SUPPLIER_A, SUPPLIER_B),
                new TenancyChanged(ESME, DCC, NOW, NOW),
                new MeterStatusChanged(ESME, DCC, NOW, NOW, SmiStatus.SUSPENDED),
                new RestrictionEnded(ESME, DCC, NOW, NOW, RestrictionEndReason.METER_NOT_COMMISSIONED, SUPPLIER_B),
                new CommsHubStatusChanged(ESME, DCC, NOW, NOW, CHF, SmiStatus.WITHDRAWN),
                new PaymentModeChanged(ESME, DCC, NOW, NOW, PaymentMode.PREPAYMENT),
                new SiteCharacteristicsChanged(ESME, DCC, NOW, NOW, rts));

        Device device = Device.replay(ESME, history);

        assertThat(device.version()).isEqualTo(8);
        assertThat(device.restricted()).isFalse();
        assertThat(device.meter().supplier()).isEqualTo(SUPPLIER_B);
        assertThat(device.meter().status()).isEqualTo(SmiStatus.SUSPENDED);
        assertThat(device.meter().commsHubStatus()).isEqualTo(SmiStatus.WITHDRAWN);
        assertThat(device.meter().paymentMode()).isEqualTo(PaymentMode.PREPAYMENT);
        assertThat(device.meter().site()).isEqualTo(rts);
        assertThat(device.ineligibilities()).containsExactly(Ineligibility.METER_NOT_COMMISSIONED,
                Ineligibility.COMMS_HUB_NOT_COMMISSIONED, Ineligibility.PREPAYMENT_MODE,
                Ineligibility.RADIO_TELESWITCH_EXEMPTION);
    }

    @Test
    void aDeviceThatWasNeverEnrolledHasVersionMinusOneAndNoFlag() {
        Device device = Device.notEnrolled(ESME);

        assertThat(device.version()).isEqualTo(-1);
        assertThat(device.enrolled()).isFalse();
        assertThat(device.restricted()).isFalse();
    }

    @Test
    void onlyNotEnrolledNotResponsibleAndNotDccRefuseAccessToTheDevice() {
        assertThat(java.util.Arrays.stream(RefusalCode.values()).filter(RefusalCode::refusesAccess))
                .containsExactlyInAnyOrder(RefusalCode.DEVICE_NOT_ENROLLED, RefusalCode.NOT_RESPONSIBLE_SUPPLIER,
                        RefusalCode.NOT_DCC_SYSTEM);
    }

    @Test
    void everyIneligibilityHasItsOwnRefusalCodeAndEndReason() {
        for (Ineligibility ineligibility : Ineligibility.values()) {
            assertThat(ineligibility.refusalCode().name()).isEqualTo(ineligibility.name());
            assertThat(ineligibility.endReason().name()).isEqualTo(ineligibility.name());
        }
    }
}
