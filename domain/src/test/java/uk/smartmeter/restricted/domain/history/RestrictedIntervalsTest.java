package uk.smartmeter.restricted.domain.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Attestation;
import uk.smartmeter.restricted.domain.device.ClearReason;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.RestrictionEndReason;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals.Interval;

/** Every edge of a month, for October 2026: [2026-10-01T00:00Z, 2026-11-01T00:00Z). */
class RestrictedIntervalsTest {

    private static final DeviceId METER = DeviceId.of("00-DB-12-34-56-78-90-A0");
    private static final ResponsibleSupplier SUPPLIER = ResponsibleSupplier.of("SUPPLIER-A", UserRole.IS);
    private static final Actor ALICE = new Actor(SUPPLIER.party(), UserRole.IS, "alice");
    private static final Actor DCC = new Actor(PartyId.of("DCC-DSP"), UserRole.DCC, null);
    private static final YearMonth OCTOBER = YearMonth.of(2026, 10);
    private static final Instant MONTH_START = Instant.parse("2026-10-01T00:00:00Z");
    private static final Instant MONTH_END = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant KNOWN_NOW = Instant.parse("2026-12-01T00:00:00Z");

    private static RestrictionApplied applied(String effective, String recorded) {
        return new RestrictionApplied(METER, ALICE, Instant.parse(effective), Instant.parse(recorded), SUPPLIER,
                new Attestation("RS-1", LocalDate.parse("2026-09-01")));
    }

    private static RestrictionApplied applied(String at) {
        return applied(at, at);
    }

    private static RestrictionCleared cleared(String at) {
        return new RestrictionCleared(METER, ALICE, Instant.parse(at), Instant.parse(at), SUPPLIER,
                ClearReason.CONSUMER_REQUEST);
    }

    private static RestrictionEnded endedByChangeOfTenancy(String effective, String recorded) {
        return new RestrictionEnded(METER, DCC, Instant.parse(effective), Instant.parse(recorded),
                RestrictionEndReason.CHANGE_OF_TENANCY, SUPPLIER);
    }

    private static List<Interval> october(DeviceEvent... history) {
        return RestrictedIntervals.within(List.of(history), OCTOBER, KNOWN_NOW);
    }

    @Test
    void appliedBeforeTheMonthAndStillSetCoversTheWholeMonth() {
        assertThat(october(applied("2026-09-15T08:00:00Z"))).containsExactly(new Interval(MONTH_START, MONTH_END));
    }

    @Test
    void clearedMidMonthEndsAtTheClear() {
        assertThat(october(applied("2026-09-15T08:00:00Z"), cleared("2026-10-12T09:30:00Z")))
                .containsExactly(new Interval(MONTH_START, Instant.parse("2026-10-12T09:30:00Z")));
    }

    @Test
    void reAppliedGivesTwoIntervals() {
        assertThat(october(applied("2026-10-02T00:00:00Z"), cleared("2026-10-05T00:00:00Z"),
                applied("2026-10-20T12:00:00Z")))
                .containsExactly(new Interval(Instant.parse("2026-10-02T00:00:00Z"), Instant.parse("2026-10-05T00:00:00Z")),
                        new Interval(Instant.parse("2026-10-20T12:00:00Z"), MONTH_END));
    }

    @Test
    void aChangeOfTenancyOnTheLastSecondOfTheMonthLeavesThatLastSecondOut() {
        assertThat(october(applied("2026-10-10T00:00:00Z"),
                endedByChangeOfTenancy("2026-10-31T23:59:59Z", "2026-10-31T23:59:59Z")))
                .containsExactly(new Interval(Instant.parse("2026-10-10T00:00:00Z"),
                        Instant.parse("2026-10-31T23:59:59Z")));
    }

    @Test
    void aBackDatedEventCountsFromItsEffectiveTimeOnceItIsKnown() {
        List<DeviceEvent> history = new ArrayList<>(List.of(applied("2026-10-01T00:00:00Z")));
        // recorded on 20 November: the tenancy changed on 15 October
        history.add(endedByChangeOfTenancy("2026-10-15T00:00:00Z", "2026-11-20T00:00:00Z"));

        assertThat(RestrictedIntervals.within(history, OCTOBER, Instant.parse("2026-11-01T00:00:00Z")))
                .as("as published at month end").containsExactly(new Interval(MONTH_START, MONTH_END));
        assertThat(RestrictedIntervals.within(history, OCTOBER, KNOWN_NOW)).as("as known now")
                .containsExactly(new Interval(MONTH_START, Instant.parse("2026-10-15T00:00:00Z")));
    }

    @Test
    void aFlagSetAndClearedOutsideTheMonthOrNeverSetGivesNothing() {
        assertThat(october(applied("2026-09-01T00:00:00Z"), cleared("2026-09-30T23:59:59Z"))).isEmpty();
        assertThat(october(applied("2026-11-01T00:00:00Z"))).as("applied on the first instant of November").isEmpty();
        assertThat(october()).isEmpty();
    }

    @Test
    void eventsAtTheSameInstantTakeTheOrderTheyWereRecordedIn() {
        assertThat(october(applied("2026-10-10T00:00:00Z"), cleared("2026-10-10T00:00:00Z"))).isEmpty();
    }
}
