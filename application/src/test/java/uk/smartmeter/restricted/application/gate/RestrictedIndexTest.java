package uk.smartmeter.restricted.application.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.smartmeter.restricted.application.gate.RestrictedIndex.Feed.LIVE;
import static uk.smartmeter.restricted.application.gate.RestrictedIndex.Feed.TRACKING;

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
        index.restricted(ESME, DeviceType.ESME, 3, 0);

        assertThat(index.restrictedMeter(ESME)).isEqualTo(DeviceType.ESME);
        assertThat(index.restrictedMeter(GSME)).isNull();
        assertThat(index.restrictedMeters()).isEqualTo(1);
    }

    @Test
    void theGpfOfARestrictedGasMeterAnswersAsTheGasMeterAndNamesItAsTheFlagHolder() {
        index.restricted(GSME, DeviceType.GSME, 4, GPF);

        assertThat(index.restrictedMeter(GPF)).isEqualTo(DeviceType.GSME);
        assertThat(index.holderOf(GPF)).isEqualTo(new RestrictedIndex.FlagHolder(DeviceId.fromEui64(GSME), 4));
    }

    @Test
    void clearingTheGasMeterReleasesItsGpf() {
        index.restricted(GSME, DeviceType.GSME, 4, GPF);

        index.unrestricted(GSME, 5, TRACKING, GPF);

        assertThat(index.restrictedMeter(GSME)).isNull();
        assertThat(index.restrictedMeter(GPF)).isNull();
        assertThat(index.holderOf(GPF)).isNull();
        assertThat(index.restrictedMeters()).isZero();
    }

    @Test
    void anOlderEventDeliveredLateNeverWindsTheFlagBack() {
        index.restricted(ESME, DeviceType.ESME, 3, 0);
        index.unrestricted(ESME, 4, LIVE, 0);
        index.restricted(ESME, DeviceType.ESME, 5, 0);

        index.unrestricted(ESME, 4, TRACKING, 0);
        assertThat(index.restrictedMeter(ESME)).isEqualTo(DeviceType.ESME);

        index.restricted(ESME, DeviceType.ESME, 5, 0);
        assertThat(index.holderOf(ESME).flagVersion()).isEqualTo(5);
        assertThat(index.restrictedMeters()).isEqualTo(1);
    }

    @Test
    void theSameEventFromBothFeedsCountsOnce() {
        index.restricted(ESME, DeviceType.ESME, 3, 0);
        index.restricted(ESME, DeviceType.ESME, 3, 0);
        index.unrestricted(ESME, 4, LIVE, 0);
        index.unrestricted(ESME, 4, TRACKING, 0);

        assertThat(index.restrictedMeters()).isZero();
        assertThat(index.restrictedMeter(ESME)).isNull();
    }

    /** The index's size follows the Restricted meters: an end seen by the tracking feed leaves nothing behind. */
    @Test
    void anEndTheTrackingFeedHasSeenLeavesNoEntry() {
        index.restricted(GSME, DeviceType.GSME, 4, GPF);
        index.restricted(ESME, DeviceType.ESME, 3, 0);
        assertThat(index.entries()).isEqualTo(3);

        index.unrestricted(ESME, 4, LIVE, 0);
        assertThat(index.entries()).as("a live end is kept, as a marker, until the tracking feed delivers it").isEqualTo(3);
        index.unrestricted(ESME, 4, TRACKING, 0);
        index.unrestricted(GSME, 5, TRACKING, GPF);

        assertThat(index.entries()).isZero();
    }

    /**
     * The tracking feed can deliver this node's commit, and another node's later end of the same restriction,
     * before this node's live feed delivers its own copy: that late copy must not restrict the meter again.
     */
    @Test
    void aLiveCopyThatArrivesAfterTheTrackingFeedPassedALaterEndIsIgnored() {
        index.liveUpdateStarts(ESME);
        index.restricted(ESME, DeviceType.ESME, 3, 0);
        index.unrestricted(ESME, 4, TRACKING, 0);

        index.restricted(ESME, DeviceType.ESME, 3, 0);
        index.liveUpdateDone(ESME);

        assertThat(index.restrictedMeter(ESME)).isNull();
        assertThat(index.restrictedMeters()).isZero();
    }

    @Test
    void withNoLiveCommitOnItsWayAnEndSeenByTheTrackingFeedKeepsNoMarker() {
        index.liveUpdateStarts(ESME);
        index.liveUpdateDone(ESME);
        index.restricted(ESME, DeviceType.ESME, 3, 0);

        index.unrestricted(ESME, 4, TRACKING, 0);

        assertThat(index.entries()).isZero();
    }

    @Test
    void theIndexGrowsWithoutLosingAnEntryAndKeepsTheZeroDeviceApartFromFreeSlots() {
        for (long meter = 0; meter < 100_000; meter++) {
            index.restricted(meter * 7919, meter % 2 == 0 ? DeviceType.ESME : DeviceType.GSME, 1, 0);
        }
        for (long meter = 0; meter < 100_000; meter += 3) {
            index.unrestricted(meter * 7919, 2, TRACKING, 0);
        }

        for (long meter = 0; meter < 100_000; meter++) {
            DeviceType expected = meter % 3 == 0 ? null : meter % 2 == 0 ? DeviceType.ESME : DeviceType.GSME;
            assertThat(index.restrictedMeter(meter * 7919)).as("meter %d", meter).isEqualTo(expected);
        }
        assertThat(index.restrictedMeter(-1L)).isNull();
        assertThat(index.restrictedMeters()).isEqualTo(100_000 - 33_334);
        assertThat(index.entries()).isEqualTo(100_000 - 33_334);
    }

    /** Meters restricted and cleared in turn, a million times: the table stays the size of what is Restricted now. */
    @Test
    void churnDoesNotGrowTheIndex() {
        for (long meter = 1; meter <= 1_000; meter++) {
            index.restricted(meter, DeviceType.ESME, 1, 0);
        }
        long settled = index.footprintBytes();
        for (long round = 0; round < 1_000; round++) {
            for (long meter = 1_000_000 + round * 1_000; meter < 1_000_000 + round * 1_000 + 1_000; meter++) {
                index.restricted(meter, DeviceType.ESME, 1, 0);
                index.unrestricted(meter, 2, TRACKING, 0);
            }
        }

        assertThat(index.entries()).isEqualTo(1_000);
        assertThat(index.footprintBytes()).isLessThanOrEqualTo(settled * 2);
        for (long meter = 1; meter <= 1_000; meter++) {
            assertThat(index.restrictedMeter(meter)).isEqualTo(DeviceType.ESME);
        }
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
        index.restricted(ESME, DeviceType.ESME, 3, 0);
        index.restricted(GSME, DeviceType.GSME, 4, ESME);

        index.unrestricted(GSME, 5, TRACKING, ESME);

        assertThat(index.restrictedMeter(ESME)).isEqualTo(DeviceType.ESME);
        assertThat(index.holderOf(ESME)).isEqualTo(new RestrictedIndex.FlagHolder(DeviceId.fromEui64(ESME), 3));
        assertThat(index.restrictedMeters()).isEqualTo(1);
    }

    @Test
    void clearingAMeterWhoseIdIsTheGpfOfARestrictedGasMeterLeavesTheGpfRestricted() {
        index.restricted(GSME, DeviceType.GSME, 4, GPF);

        index.unrestricted(GPF, 9, TRACKING, 0);

        assertThat(index.restrictedMeter(GPF)).isEqualTo(DeviceType.GSME);
    }
}
