package uk.smartmeter.restricted.application.gate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;

/** The gate's index over the DCC Boxed devices: A0 ESME, A1 GSME with A3 its GPF. */
class RestrictedIndexTest {

    private static final long ESME = DeviceId.of("00-DB-12-34-56-78-90-A0").eui64();
    private static final long GSME = DeviceId.of("00-DB-12-34-56-78-90-A1").eui64();
    private static final long GPF = DeviceId.of("00-DB-12-34-56-78-90-A3").eui64();

    private final RestrictedIndex index = new RestrictedIndex();

    @Test
    void aRestrictedMeterIsRestrictedAsItsFuelAndAnUnknownDeviceIsNot() {
        index.restricted(ESME, DeviceType.ESME, 3);

        assertThat(index.restrictedMeter(ESME)).isEqualTo(DeviceType.ESME);
        assertThat(index.restrictedMeter(GSME)).isNull();
        assertThat(index.restrictedMeters()).isEqualTo(1);
    }

    @Test
    void theGpfOfARestrictedGasMeterAnswersAsTheGasMeterAndNamesItAsTheFlagHolder() {
        index.gasProxyEnrolled(GSME, GPF);
        index.restricted(GSME, DeviceType.GSME, 4);

        assertThat(index.restrictedMeter(GPF)).isEqualTo(DeviceType.GSME);
        assertThat(index.holderOf(GPF)).isEqualTo(new RestrictedIndex.FlagHolder(DeviceId.fromEui64(GSME), 4));
    }

    @Test
    void clearingTheGasMeterReleasesItsGpf() {
        index.gasProxyEnrolled(GSME, GPF);
        index.restricted(GSME, DeviceType.GSME, 4);

        index.unrestricted(GSME, 5);

        assertThat(index.restrictedMeter(GSME)).isNull();
        assertThat(index.restrictedMeter(GPF)).isNull();
        assertThat(index.holderOf(GPF)).isNull();
        assertThat(index.restrictedMeters()).isZero();
    }

    @Test
    void anEnrolmentDeliveredAfterTheRestrictionStillPassesTheFlagToTheGpf() {
        index.restricted(GSME, DeviceType.GSME, 4);

        index.gasProxyEnrolled(GSME, GPF);

        assertThat(index.restrictedMeter(GPF)).isEqualTo(DeviceType.GSME);
    }

    @Test
    void anOlderEventDeliveredLateNeverWindsTheFlagBack() {
        index.restricted(ESME, DeviceType.ESME, 3);
        index.unrestricted(ESME, 4);
        index.restricted(ESME, DeviceType.ESME, 5);

        index.unrestricted(ESME, 4);
        assertThat(index.restrictedMeter(ESME)).isEqualTo(DeviceType.ESME);

        index.restricted(ESME, DeviceType.ESME, 5);
        assertThat(index.holderOf(ESME).flagVersion()).isEqualTo(5);
        assertThat(index.restrictedMeters()).isEqualTo(1);
    }

    @Test
    void theSameEventFromBothFeedsCountsOnce() {
        index.restricted(ESME, DeviceType.ESME, 3);
        index.restricted(ESME, DeviceType.ESME, 3);
        index.unrestricted(ESME, 4);
        index.unrestricted(ESME, 4);

        assertThat(index.restrictedMeters()).isZero();
        assertThat(index.restrictedMeter(ESME)).isNull();
    }

    @Test
    void theIndexGrowsWithoutLosingAnEntryAndKeepsTheZeroDeviceApartFromFreeSlots() {
        for (long meter = 0; meter < 100_000; meter++) {
            index.restricted(meter * 7919, meter % 2 == 0 ? DeviceType.ESME : DeviceType.GSME, 1);
        }
        for (long meter = 0; meter < 100_000; meter += 3) {
            index.unrestricted(meter * 7919, 2);
        }

        for (long meter = 0; meter < 100_000; meter++) {
            DeviceType expected = meter % 3 == 0 ? null : meter % 2 == 0 ? DeviceType.ESME : DeviceType.GSME;
            assertThat(index.restrictedMeter(meter * 7919)).as("meter %d", meter).isEqualTo(expected);
        }
        assertThat(index.restrictedMeter(-1L)).isNull();
        assertThat(index.restrictedMeters()).isEqualTo(100_000 - 33_334);
    }

    @Test
    void theIndexIsNotCurrentUntilItsFeedSaysSo() {
        assertThat(index.current()).isFalse();

        index.current(true);

        assertThat(index.current()).isTrue();
    }

    /** Enrolment refuses such IDs; should one reach the index, clearing a gas meter never reopens another meter. */
    @Test
    void clearingAGasMeterWhoseGpfIsAnotherMetersIdLeavesThatMeterRestricted() {
        index.restricted(ESME, DeviceType.ESME, 3);
        index.gasProxyEnrolled(GSME, ESME);
        index.restricted(GSME, DeviceType.GSME, 4);

        index.unrestricted(GSME, 5);

        assertThat(index.restrictedMeter(ESME)).isEqualTo(DeviceType.ESME);
        assertThat(index.holderOf(ESME)).isEqualTo(new RestrictedIndex.FlagHolder(DeviceId.fromEui64(ESME), 3));
        assertThat(index.restrictedMeters()).isEqualTo(1);
    }

    @Test
    void clearingAMeterWhoseIdIsTheGpfOfARestrictedGasMeterLeavesTheGpfRestricted() {
        index.gasProxyEnrolled(GSME, GPF);
        index.restricted(GSME, DeviceType.GSME, 4);

        index.unrestricted(GPF, 9);

        assertThat(index.restrictedMeter(GPF)).isEqualTo(DeviceType.GSME);
    }
}
