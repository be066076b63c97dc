package uk.smartmeter.restricted.domain.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Attestation;
import uk.smartmeter.restricted.domain.device.ClearReason;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.Mpxn;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.SiteCharacteristics;
import uk.smartmeter.restricted.domain.device.SmetsVersion;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.event.DeviceEnrolled;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.PaymentModeChanged;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;

/** Two timelines: effective (when it was true) and recorded (when the DCC knew). Days of March 2026. */
class AsOfTest {

    private static final DeviceId METER = DeviceId.of("00-DB-12-34-56-78-90-A0");
    private static final ResponsibleSupplier SUPPLIER = ResponsibleSupplier.of("SUPPLIER-A", UserRole.IS);
    private static final Actor DCC = new Actor(PartyId.of("DCC-DSP"), UserRole.DCC, null);
    private static final Actor ALICE = new Actor(SUPPLIER.party(), UserRole.IS, "alice");

    private static Instant day(int day) {
        return Instant.parse(String.format("2026-03-%02dT12:00:00Z", day));
    }

    /** Enrolled on the 1st, restricted on the 2nd, cleared on the 10th (recorded as it happened). */
    private static List<DeviceEvent> life() {
        return List.of(
                new DeviceEnrolled(METER, DCC, day(1), day(1), DeviceType.ESME, SmetsVersion.SMETS2, SmiStatus.COMMISSIONED,
                        DeviceId.of("00-DB-12-34-56-78-90-A2"), SmiStatus.COMMISSIONED, null, new Mpxn("1234567890123"),
                        CspRegion.CENTRAL, PaymentMode.CREDIT, SUPPLIER, new SiteCharacteristics(false, false, false)),
                new RestrictionApplied(METER, ALICE, day(2), day(2), SUPPLIER,
                        new Attestation("RS-1", LocalDate.parse("2026-03-01"))),
                new RestrictionCleared(METER, ALICE, day(10), day(10), SUPPLIER, ClearReason.CONSUMER_REQUEST));
    }

    @Test
    void anAsOfAtTheMicrosecondTheHistoryShowsFindsAnEventStoredWithNanoseconds() {
        Instant nanos = Instant.parse("2026-03-02T12:00:00.123456789Z");
        Instant shown = Instant.parse("2026-03-02T12:00:00.123456Z");
        List<DeviceEvent> events = List.of(life().get(0), new RestrictionApplied(METER, ALICE, nanos, nanos, SUPPLIER,
                new Attestation("RS-1", LocalDate.parse("2026-03-01"))));

        AsOf.Answer answer = AsOf.of(METER, events, shown, shown);

        assertThat(answer.device().restricted()).isTrue();
        assertThat(answer.restsOn()).isInstanceOf(RestrictionApplied.class);
        assertThat(AsOf.of(METER, events, shown.minusNanos(1000), shown).device().restricted())
                .as("a microsecond before it").isFalse();
    }

    @Test
    void theCurrentTenancyStartsAtTheChangeOfTenancyLatestOnTheEffectiveTimelineNotTheLastRecorded() {
        List<DeviceEvent> events = new java.util.ArrayList<>(life());
        events.add(new uk.smartmeter.restricted.domain.device.event.TenancyChanged(METER, DCC, day(5), day(20)));
        events.add(new uk.smartmeter.restricted.domain.device.event.TenancyChanged(METER, DCC, day(3), day(21)));

        Timeline.Position start = Timeline.currentTenancyStart(events).orElseThrow();

        assertThat(start).isEqualTo(new Timeline.Position(day(5), 3));
        assertThat(new Timeline.Position(day(10), 2)).as("the clear of the 10th, recorded before either")
                .isGreaterThan(start);
        assertThat(new Timeline.Position(day(2), 1)).isLessThan(start);
        assertThat(Timeline.currentTenancyStart(life())).isEmpty();
    }

    @Test
    void theAnswerAtATimeRestsOnTheLastEventInEffectByThen() {
        AsOf.Answer answer = AsOf.of(METER, life(), day(3), day(20));

        assertThat(answer.device().restricted()).isTrue();
        assertThat(answer.restsOn()).isInstanceOf(RestrictionApplied.class);
        assertThat(answer.version()).isEqualTo(1);
        assertThat(AsOf.of(METER, life(), day(11), day(20)).device().restricted()).isFalse();
    }

    @Test
    void whatWasRecordedLaterIsNotPartOfWhatWasKnownBefore() {
        AsOf.Answer knownOnThe5th = AsOf.of(METER, life(), day(20), day(5));

        assertThat(knownOnThe5th.device().restricted()).as("the clear was recorded on the 10th").isTrue();
    }

    @Test
    void aBackDatedFactRecordedLaterChangesTheAnswerOnlyFromItsRecordingOn() {
        List<DeviceEvent> withLateFact = new java.util.ArrayList<>(life());
        // on the 15th the DCC learns the meter went to prepayment on the 4th (the domain ends restrictions then)
        withLateFact.add(new PaymentModeChanged(METER, DCC, day(4), day(15), PaymentMode.PREPAYMENT));

        AsOf.Answer before = AsOf.of(METER, withLateFact, day(5), day(14));
        AsOf.Answer after = AsOf.of(METER, withLateFact, day(5), day(16));

        assertThat(before.device().meter().paymentMode()).isEqualTo(PaymentMode.CREDIT);
        assertThat(after.device().meter().paymentMode()).isEqualTo(PaymentMode.PREPAYMENT);
        assertThat(after.restsOn()).isInstanceOf(PaymentModeChanged.class);
        assertThat(after.version()).isEqualTo(3);
    }

    @Test
    void beforeItsEnrolmentTookEffectNothingIsKnownOfAMeter() {
        AsOf.Answer answer = AsOf.of(METER, life(), Instant.parse("2026-02-28T00:00:00Z"), day(20));

        assertThat(answer.device()).isNull();
        assertThat(answer.restsOn()).isNull();
    }
}
