package uk.smartmeter.restricted.application.csp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.application.port.out.CspPush;
import uk.smartmeter.restricted.domain.csp.CspNotice;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals.Interval;
import uk.smartmeter.restricted.application.port.out.ExclusionList;
import uk.smartmeter.restricted.application.port.out.ReplayTicket;
import uk.smartmeter.restricted.application.port.in.CspFeedPage;

/** Each region's list for a closed month is published once, an hour after the month ends, and never changes. */
class PublishingExclusionListsAtMonthEndTest {

    private static final DeviceId NORTH_METER = DeviceId.of("00-DB-12-34-56-78-90-A0");
    private static final DeviceId HUB = DeviceId.of("00-DB-12-34-56-78-90-A2");
    private static final YearMonth OCTOBER = YearMonth.of(2026, 10);

    private final InMemoryCspStores stores = new InMemoryCspStores();
    private final AtomicInteger wakes = new AtomicInteger();
    private final CspPush push = new CspPush() {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public Optional<ReplayTicket> replay(CspRegion region, long afterFeedPosition, Actor requestedBy) {
            return Optional.empty();
        }

        @Override
        public void wake() {
            wakes.incrementAndGet();
        }
    };

    private boolean feedCaughtUp = true;

    private CspService at(String now) {
        return new CspService(stores, stores, push, Clock.fixed(Instant.parse(now), ZoneOffset.UTC), Duration.ofHours(1),
                () -> feedCaughtUp);
    }

    @Test
    void whileTheNoticesAreBehindTheStoreNothingIsPublished() {
        notice(1, true, "2026-10-05T00:00:00Z", "2026-10-05T00:00:00Z");
        feedCaughtUp = false;

        assertThat(at("2026-11-01T02:00:00Z").publishDue()).isEmpty();
        assertThat(stores.published).isEmpty();
        feedCaughtUp = true;
        assertThat(at("2026-11-01T02:00:00Z").publishDue()).hasSize(3);
    }

    private void notice(long position, boolean restricted, String effective, String recorded) {
        stores.notices.add(new CspNotice("e" + position, position, position, position * 10, NORTH_METER, position,
                DeviceType.ESME, HUB, null, CspRegion.NORTH, restricted ? CspNotice.Change.APPLIED
                : CspNotice.Change.CLEARED, restricted, restricted ? "CONSUMER_CHOICE" : "CONSUMER_REQUEST",
                Instant.parse(effective), Instant.parse(recorded)));
    }

    @Test
    void withinTheHourAfterTheMonthEndsItsListsAreNotYetDue() {
        notice(1, true, "2026-10-05T00:00:00Z", "2026-10-05T00:00:00Z");

        CspService service = at("2026-11-01T00:30:00Z");

        assertThat(service.dueMonth()).isEqualTo(YearMonth.of(2026, 9));
        assertThat(service.publishDue()).extracting(ExclusionList::month).containsOnly(YearMonth.of(2026, 9));
        assertThat(stores.published(CspRegion.NORTH, OCTOBER)).isEmpty();
    }

    @Test
    void anHourAfterTheMonthEndsEachRegionsListIsPublishedOnceAndThePushIsWoken() {
        notice(1, true, "2026-10-05T00:00:00Z", "2026-10-05T00:00:00Z");

        List<ExclusionList> published = at("2026-11-01T01:00:00Z").publishDue();

        assertThat(published).extracting(ExclusionList::region).containsExactly(CspRegion.NORTH, CspRegion.CENTRAL,
                CspRegion.SOUTH);
        ExclusionList north = published.get(0);
        assertThat(north.month()).isEqualTo(OCTOBER);
        assertThat(north.publishedAt()).isEqualTo(Instant.parse("2026-11-01T01:00:00Z"));
        assertThat(north.entries()).hasSize(1);
        assertThat(north.entries().get(0).intervals()).containsExactly(new Interval(
                Instant.parse("2026-10-05T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")));
        assertThat(published.get(2).entries()).isEmpty();
        assertThat(wakes).hasValue(1);
        assertThat(at("2026-11-01T02:00:00Z").publishDue()).as("published once").isEmpty();
    }

    @Test
    void aPublishedListNeverChangesButALaterBackDatedFactShowsWhenAskedAsKnownLater() {
        notice(1, true, "2026-10-05T00:00:00Z", "2026-10-05T00:00:00Z");
        at("2026-11-01T01:00:00Z").publishDue();
        // recorded on 3 November, back-dated to 20 October
        notice(2, false, "2026-10-20T00:00:00Z", "2026-11-03T00:00:00Z");
        CspService later = at("2026-11-04T00:00:00Z");

        ExclusionList asPublished = later.list(CspRegion.NORTH, OCTOBER, null);
        ExclusionList asKnownNow = later.list(CspRegion.NORTH, OCTOBER, Instant.parse("2026-11-04T00:00:00Z"));

        assertThat(asPublished.entries().get(0).intervals()).containsExactly(new Interval(
                Instant.parse("2026-10-05T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")));
        assertThat(asKnownNow.entries().get(0).intervals()).containsExactly(new Interval(
                Instant.parse("2026-10-05T00:00:00Z"), Instant.parse("2026-10-20T00:00:00Z")));
        assertThat(ExclusionListCsv.sha256(asPublished)).isNotEqualTo(ExclusionListCsv.sha256(asKnownNow));
        assertThat(later.published(CspRegion.NORTH)).containsExactly(OCTOBER);
    }

    @Test
    void aMonthNotYetPublishedIsComputedAsKnownNow() {
        notice(1, true, "2026-11-02T00:00:00Z", "2026-11-02T00:00:00Z");

        ExclusionList list = at("2026-11-10T00:00:00Z").list(CspRegion.NORTH, YearMonth.of(2026, 11), null);

        assertThat(list.publishedAt()).isNull();
        assertThat(list.asKnownAt()).isEqualTo(Instant.parse("2026-11-10T00:00:00Z"));
        assertThat(list.entries().get(0).restrictedSeconds()).as("still set: from 2 November to the month's end")
                .isEqualTo(Duration.ofDays(29).toSeconds());
    }

    @Test
    void theFeedFromATimeStartsAtTheFirstNoticeRecordedThenAndAnEmptyFeedKeepsItsCursor() {
        notice(1, true, "2026-10-05T00:00:00Z", "2026-10-05T00:00:00Z");
        notice(2, false, "2026-10-06T00:00:00Z", "2026-10-06T00:00:00Z");
        CspService service = at("2026-11-10T00:00:00Z");

        assertThat(service.since(CspRegion.NORTH, Instant.parse("2026-10-05T12:00:00Z"), 10).notices())
                .extracting(CspNotice::regionPosition).containsExactly(2L);
        CspFeedPage none = service.since(CspRegion.NORTH, Instant.parse("2026-10-07T00:00:00Z"), 10);
        assertThat(none.notices()).isEmpty();
        assertThat(none.next()).isEqualTo(2);
        assertThat(service.after(CspRegion.SOUTH, 0, 10).next()).isZero();
    }
}
