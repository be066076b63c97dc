package uk.smartmeter.restricted.domain.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
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
import uk.smartmeter.restricted.domain.device.RestrictionEndReason;
import uk.smartmeter.restricted.domain.device.SiteCharacteristics;
import uk.smartmeter.restricted.domain.device.SmetsVersion;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.event.DeviceEnrolled;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;
import uk.smartmeter.restricted.domain.device.event.SupplierChanged;
import uk.smartmeter.restricted.domain.device.event.TenancyChanged;

/**
 * Issue 19: a meter's Restricted spans on both timelines are {@link AsOf} laid out in full. By hand, a back-dated
 * clearing splits the knowledge; at random, for histories with back-dated facts and facts recorded at the same
 * instant, "Restricted at T as recorded by T′" by the spans is {@link AsOf}'s answer at every (T, T′) that matters
 * (each event's times, a microsecond either side, and random ones).
 */
class RestrictedTimelineTest {

    private static final DeviceId METER = DeviceId.of("00-DB-12-34-56-78-90-A0");
    private static final ResponsibleSupplier A = ResponsibleSupplier.of("SUPPLIER-A", UserRole.IS);
    private static final ResponsibleSupplier B = ResponsibleSupplier.of("SUPPLIER-B", UserRole.IS);
    private static final Actor DCC = new Actor(PartyId.of("DCC-DSP"), UserRole.DCC, null);
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    private static Instant day(int day) {
        return START.plus(Duration.ofDays(day - 1)).plus(Duration.ofHours(12));
    }

    private static DeviceEnrolled enrolled(Instant effective, Instant recorded) {
        return new DeviceEnrolled(METER, DCC, effective, recorded, DeviceType.ESME, SmetsVersion.SMETS2,
                SmiStatus.COMMISSIONED, DeviceId.of("00-DB-12-34-56-78-90-A2"), SmiStatus.COMMISSIONED, null,
                new Mpxn("1234567890123"), CspRegion.CENTRAL, PaymentMode.CREDIT, A,
                new SiteCharacteristics(false, false, false));
    }

    private static RestrictionApplied applied(Instant effective, Instant recorded, ResponsibleSupplier by) {
        return new RestrictionApplied(METER, new Actor(by.party(), by.role(), null), effective, recorded, by,
                new Attestation("RS-1", LocalDate.parse("2026-02-01")));
    }

    @Test
    void aBackDatedClearingChangesWhatIsKnownFromItsRecordingOnly() {
        List<DeviceEvent> history = List.of(enrolled(day(1), day(1)), applied(day(2), day(2), A),
                new RestrictionCleared(METER, DCC, day(5), day(10), A, ClearReason.CONSUMER_REQUEST));

        List<RestrictedTimeline.Span> spans = RestrictedTimeline.of(METER, history);

        assertThat(spans).containsExactly(
                new RestrictedTimeline.Span(METER, day(2), day(10), day(2), null, DeviceType.ESME, CspRegion.CENTRAL, A),
                new RestrictedTimeline.Span(METER, day(10), null, day(2), day(5), DeviceType.ESME, CspRegion.CENTRAL,
                        A));
        assertThat(spans.get(0).covers(day(7), day(9))).as("on the 7th, as known on the 9th").isTrue();
        assertThat(spans.stream().anyMatch(s -> s.covers(day(7), day(11)))).as("as known on the 11th").isFalse();
        assertThat(spans.get(1).covers(day(4), day(11))).isTrue();
        assertThat(spans.get(1).covers(day(5), day(11))).as("half-open: cleared at the 5th").isFalse();
    }

    @Test
    void aChangeOfSupplierSplitsASpanByItsResponsibleSupplier() {
        List<DeviceEvent> history = List.of(enrolled(day(1), day(1)), applied(day(2), day(2), A),
                new SupplierChanged(METER, DCC, day(4), day(4), A, B));

        assertThat(RestrictedTimeline.asKnownAt(METER, history, day(30))).containsExactly(
                new RestrictedTimeline.Segment(day(2), day(4), DeviceType.ESME, CspRegion.CENTRAL, A),
                new RestrictedTimeline.Segment(day(4), null, DeviceType.ESME, CspRegion.CENTRAL, B));
    }

    @Test
    void nothingIsKnownBeforeTheEnrolmentWasRecorded() {
        List<DeviceEvent> history = List.of(enrolled(day(1), day(3)), applied(day(2), day(3), A));

        assertThat(RestrictedTimeline.asKnownAt(METER, history, day(2))).isEmpty();
        assertThat(RestrictedTimeline.of(METER, history)).singleElement().satisfies(span -> {
            assertThat(span.knownFrom()).isEqualTo(day(3));
            assertThat(span.validFrom()).isEqualTo(day(2));
        });
    }

    /** A random life: an enrolment, then facts with effective times up to five days back and some recorded at once. */
    private static List<DeviceEvent> life(long seed) {
        Random random = new Random(seed);
        List<DeviceEvent> history = new ArrayList<>();
        Instant recorded = day(1 + random.nextInt(3));
        history.add(enrolled(recorded.minus(Duration.ofHours(random.nextInt(48))), recorded));
        int facts = 1 + random.nextInt(10);
        for (int n = 0; n < facts; n++) {
            if (random.nextInt(4) > 0) {
                recorded = recorded.plus(Duration.ofMinutes(1 + random.nextInt(3 * 24 * 60)));
            }
            Instant effective = random.nextInt(3) == 0
                    ? recorded.minus(Duration.ofMinutes(random.nextInt(5 * 24 * 60))) : recorded;
            ResponsibleSupplier by = random.nextBoolean() ? A : B;
            history.add(switch (random.nextInt(5)) {
                case 0, 1 -> applied(effective, recorded, by);
                case 2 -> new RestrictionCleared(METER, DCC, effective, recorded, by, ClearReason.CONSUMER_REQUEST);
                case 3 -> random.nextBoolean()
                        ? new RestrictionEnded(METER, DCC, effective, recorded, RestrictionEndReason.CHANGE_OF_TENANCY, by)
                        : new TenancyChanged(METER, DCC, effective, recorded);
                default -> new SupplierChanged(METER, DCC, effective, recorded, A, by);
            });
        }
        return history;
    }

    @Property(tries = 400, seed = "20261203", edgeCases = EdgeCasesMode.NONE)
    void restrictedAtTAsRecordedByTPrimeIsAsOfsAnswerEverywhere(@ForAll long seed) {
        List<DeviceEvent> history = life(seed);
        List<RestrictedTimeline.Span> spans = RestrictedTimeline.of(METER, history);
        TreeSet<Instant> times = new TreeSet<>();
        for (DeviceEvent event : history) {
            for (Instant at : List.of(event.effectiveAt(), event.recordedAt())) {
                times.add(at);
                times.add(at.minusNanos(1000));
                times.add(at.plusNanos(1000));
            }
        }
        Random random = new Random(seed ^ 0x5EED);
        for (int n = 0; n < 20; n++) {
            times.add(START.plus(Duration.ofMinutes(random.nextInt(40 * 24 * 60))));
        }
        for (Instant effective : times) {
            for (Instant known : times) {
                AsOf.Answer answer = AsOf.of(METER, history, effective, known);
                boolean expected = answer.device() != null && answer.device().restricted();
                List<RestrictedTimeline.Span> covering = spans.stream().filter(s -> s.covers(effective, known))
                        .toList();
                assertThat(covering).as("at %s as recorded by %s", effective, known)
                        .hasSize(expected ? 1 : 0);
                if (expected) {
                    assertThat(covering.get(0).supplier()).isEqualTo(answer.device().meter().supplier());
                }
            }
        }
    }
}
