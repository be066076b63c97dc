package uk.smartmeter.restricted.domain.csp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Attestation;
import uk.smartmeter.restricted.domain.device.ClearReason;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.RestrictionEndReason;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.event.CommsHubStatusChanged;
import uk.smartmeter.restricted.domain.device.event.PaymentModeChanged;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;
import uk.smartmeter.restricted.domain.device.event.SupplierChanged;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals.Interval;

/** MP169 BR5: a CSP is told of every change of a meter's flag, and of nothing else. */
class WhatACspIsToldTest {

    private static final DeviceId GAS_METER = DeviceId.of("00-DB-12-34-56-78-90-A1");
    private static final DeviceId HUB = DeviceId.of("00-DB-12-34-56-78-90-A2");
    private static final DeviceId GPF = DeviceId.of("00-DB-12-34-56-78-90-A3");
    private static final ResponsibleSupplier SUPPLIER = ResponsibleSupplier.of("SUPPLIER-A", UserRole.GS);
    private static final Actor ALICE = new Actor(SUPPLIER.party(), UserRole.GS, "alice");
    private static final Actor DCC = new Actor(PartyId.of("DCC-DSP"), UserRole.DCC, null);
    private static final Instant T1 = Instant.parse("2026-10-02T08:00:00Z");
    private static final Instant T2 = Instant.parse("2026-10-09T10:30:00Z");
    private static final CspDevice ENROLLED = new CspDevice(GAS_METER, DeviceType.GSME, HUB, GPF, CspRegion.NORTH,
            false, 0);

    private static RestrictionApplied applied(Instant at) {
        return new RestrictionApplied(GAS_METER, ALICE, at, at, SUPPLIER, new Attestation("RS-1",
                LocalDate.parse("2026-09-01")));
    }

    @Test
    void anAppliedFlagIsNoticeOneOfTheMeterWithItsHubRegionAndTheConsumersChoice() {
        CspDevice.Step step = ENROLLED.on(applied(T1), "event-1", 41, 7, 7);

        assertThat(step.notice()).isEqualTo(new CspNotice("event-1", 7, 7, 41, GAS_METER, 1, DeviceType.GSME, HUB, GPF,
                CspRegion.NORTH, CspNotice.Change.APPLIED, true, "CONSUMER_CHOICE", T1, T1));
        assertThat(step.device().restricted()).isTrue();
        assertThat(step.device().sequence()).isEqualTo(1);
    }

    @Test
    void aClearedFlagCarriesTheSuppliersReasonAndTheNextSequenceNumber() {
        CspDevice restricted = ENROLLED.on(applied(T1), "event-1", 41, 7, 7).device();

        CspNotice notice = restricted.on(new RestrictionCleared(GAS_METER, ALICE, T2, T2, SUPPLIER,
                ClearReason.APPLIED_IN_ERROR), "event-2", 50, 9, 9).notice();

        assertThat(notice.change()).isEqualTo(CspNotice.Change.CLEARED);
        assertThat(notice.restricted()).isFalse();
        assertThat(notice.reason()).isEqualTo("APPLIED_IN_ERROR");
        assertThat(notice.deviceSequence()).isEqualTo(2);
    }

    @Test
    void anAutomaticEndCarriesItsReason() {
        CspDevice restricted = ENROLLED.on(applied(T1), "event-1", 41, 7, 7).device();

        CspNotice notice = restricted.on(new RestrictionEnded(GAS_METER, DCC, T2, T2,
                RestrictionEndReason.CHANGE_OF_TENANCY, SUPPLIER), "event-2", 50, 8, 8).notice();

        assertThat(notice.change()).isEqualTo(CspNotice.Change.ENDED);
        assertThat(notice.reason()).isEqualTo("CHANGE_OF_TENANCY");
        assertThat(notice.deviceSequence()).isEqualTo(2);
    }

    @Test
    void aChangeOfSupplierKeepsTheFlagSoItSendsNothing() {
        CspDevice restricted = ENROLLED.on(applied(T1), "event-1", 41, 7, 7).device();

        CspDevice.Step step = restricted.on(new SupplierChanged(GAS_METER, DCC, T2, T2, SUPPLIER,
                ResponsibleSupplier.of("SUPPLIER-B", UserRole.GS)), "event-2", 50, 8, 8);

        assertThat(step.notice()).isNull();
        assertThat(step.device()).isEqualTo(restricted);
    }

    @Test
    void otherFactsSendNothing() {
        CspDevice.Step step = ENROLLED.on(new PaymentModeChanged(GAS_METER, DCC, T2, T2, PaymentMode.CREDIT),
                "event-2", 50, 8, 8);

        assertThat(step.notice()).isNull();
        assertThat(step.device()).isEqualTo(ENROLLED);
    }

    @Test
    void aNewCommsHubIsNamedByTheNextNoticeButSendsNothingItself() {
        DeviceId newHub = DeviceId.of("00-DB-12-34-56-78-90-B2");
        CspDevice.Step swap = ENROLLED.on(new CommsHubStatusChanged(GAS_METER, DCC, T1, T1, newHub,
                SmiStatus.COMMISSIONED), "event-1", 41, 7, 7);

        assertThat(swap.notice()).isNull();
        assertThat(swap.device().on(applied(T2), "event-2", 50, 7, 7).notice().commsHubId()).isEqualTo(newHub);
    }

    @Test
    void aRepeatThatChangesNothingSendsNothing() {
        CspDevice restricted = ENROLLED.on(applied(T1), "event-1", 41, 7, 7).device();

        assertThat(restricted.on(applied(T2), "event-2", 50, 8, 8).notice()).isNull();
    }

    @Test
    void aNoticeIsWrittenAsTheVersionedJsonSchemaFieldByField() {
        CspNotice notice = ENROLLED.on(applied(T1), "3f1c\"x", 41, 7, 3).notice();

        assertThat(CspNoticeJson.write(notice)).as("the region's own position, and nothing of the others'")
                .isEqualTo("{\"schema\":\"restricted-mode/csp-notice/v2\","
                + "\"noticeId\":\"3f1c\\\"x\",\"regionPosition\":3,"
                + "\"deviceId\":\"00-DB-12-34-56-78-90-A1\",\"deviceSequence\":1,\"deviceType\":\"GSME\","
                + "\"commsHubId\":\"00-DB-12-34-56-78-90-A2\",\"gpfId\":\"00-DB-12-34-56-78-90-A3\","
                + "\"cspRegion\":\"NORTH\",\"change\":\"APPLIED\",\"restricted\":true,\"reason\":\"CONSUMER_CHOICE\","
                + "\"effectiveAt\":\"2026-10-02T08:00:00Z\",\"recordedAt\":\"2026-10-02T08:00:00Z\"}");
    }

    @Test
    void aNoticeThatContradictsItselfCannotBeMade() {
        assertThatThrownBy(() -> new CspNotice("e", 1, 1, 1, GAS_METER, 1, DeviceType.GSME, HUB, null, CspRegion.NORTH,
                CspNotice.Change.CLEARED, true, "CONSUMER_REQUEST", T1, T1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CspNotice("e", 1, 1, 1, GAS_METER, 0, DeviceType.GSME, HUB, null, CspRegion.NORTH,
                CspNotice.Change.APPLIED, true, "CONSUMER_CHOICE", T1, T1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExclusionLineHoldsTheMonthsIntervalsAndTheirSeconds() {
        CspDevice device = ENROLLED;
        CspDevice.Step first = device.on(applied(Instant.parse("2026-09-20T00:00:00Z")), "e1", 1, 1, 1);
        CspDevice.Step second = first.device().on(new RestrictionCleared(GAS_METER, ALICE,
                Instant.parse("2026-10-01T01:00:00Z"), Instant.parse("2026-10-01T01:00:00Z"), SUPPLIER,
                ClearReason.CONSUMER_REQUEST), "e2", 2, 2, 2);
        CspDevice.Step third = second.device().on(applied(Instant.parse("2026-10-31T23:00:00Z")), "e3", 3, 3, 3);
        List<CspNotice> notices = List.of(first.notice(), second.notice(), third.notice());

        ExclusionEntry entry = ExclusionEntry.of(notices, YearMonth.of(2026, 10), Instant.parse("2026-11-01T01:00:00Z"))
                .orElseThrow();

        assertThat(entry.intervals()).containsExactly(
                new Interval(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-01T01:00:00Z")),
                new Interval(Instant.parse("2026-10-31T23:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")));
        assertThat(entry.restrictedSeconds()).isEqualTo(7200);
        assertThat(entry.commsHubId()).isEqualTo(HUB);
        assertThat(ExclusionEntry.of(notices, YearMonth.of(2026, 8), Instant.parse("2026-11-01T01:00:00Z")))
                .as("not restricted at any moment of August").isEmpty();
        assertThat(ExclusionEntry.of(notices, YearMonth.of(2026, 10), Instant.parse("2026-09-19T00:00:00Z")))
                .as("nothing known yet").isEmpty();
    }
}
