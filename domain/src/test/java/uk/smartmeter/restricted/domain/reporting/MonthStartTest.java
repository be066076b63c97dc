package uk.smartmeter.restricted.domain.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.event.MeterStatusChanged;
import uk.smartmeter.restricted.domain.gate.GateDenied;

/** Where March's start checkpoint is taken as a replay passes it, and when it may not be. */
class MonthStartTest {

    private static final DeviceId METER = DeviceId.of("00-DB-12-34-56-78-90-A0");
    private static final Actor DCC = new Actor(PartyId.of("DCC-DSP"), UserRole.DCC, null);

    private static MeterStatusChanged recorded(String effective, String recorded) {
        return new MeterStatusChanged(METER, DCC, Instant.parse(effective), Instant.parse(recorded), SmiStatus.SUSPENDED);
    }

    @Test
    void theCheckpointIsTakenOnceJustBeforeTheFirstEventRecordedADayBeforeTheMonth() {
        MonthStart march = new MonthStart(YearMonth.of(2026, 3));

        assertThat(march.before(10, recorded("2026-02-10T00:00:00Z", "2026-02-10T00:00:00Z"))).isFalse();
        assertThat(march.before(11, recorded("2026-02-27T23:59:59Z", "2026-02-27T23:59:59Z"))).isFalse();
        assertThat(march.before(14, recorded("2026-02-28T00:00:00Z", "2026-02-28T00:00:00Z"))).isTrue();
        assertThat(march.position()).isEqualTo(13);
        assertThat(march.before(15, recorded("2026-03-02T00:00:00Z", "2026-03-02T00:00:00Z"))).as("once").isFalse();
    }

    @Test
    void aGateDenialDecidedADayBeforeTheMonthAlsoMarksTheCheckpoint() {
        MonthStart march = new MonthStart(YearMonth.of(2026, 3));
        GateDenied denied = new GateDenied("REQ-1", METER, METER, 2L, PartyId.of("SUPPLIER-A"), UserRole.IS,
                "SERVICE_REQUEST", "4.1.1", null, "R1", Instant.parse("2026-02-28T00:00:00Z"), "1");

        assertThat(march.before(7, denied)).isTrue();
        assertThat(march.position()).isEqualTo(6);
    }

    /** A fact recorded in February but dated in March: the states at the checkpoint would not be March's start. */
    @Test
    void anEventBeforeTheCheckpointThatTookEffectInTheMonthSpoilsIt() {
        MonthStart march = new MonthStart(YearMonth.of(2026, 3));

        assertThat(march.before(10, recorded("2026-03-05T00:00:00Z", "2026-02-20T00:00:00Z"))).isFalse();
        assertThat(march.before(11, recorded("2026-02-28T00:00:00Z", "2026-02-28T00:00:00Z")))
                .as("no checkpoint is taken").isFalse();
    }
}
