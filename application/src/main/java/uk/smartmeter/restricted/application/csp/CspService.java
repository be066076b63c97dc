package uk.smartmeter.restricted.application.csp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import uk.smartmeter.restricted.application.port.in.PublishExclusionLists;
import uk.smartmeter.restricted.application.port.in.ReadCspFeed;
import uk.smartmeter.restricted.application.port.in.ReadExclusionLists;
import uk.smartmeter.restricted.application.port.in.RequestCspReplay;
import uk.smartmeter.restricted.application.port.out.CspFeedProgress;
import uk.smartmeter.restricted.application.port.out.CspNoticeStore;
import uk.smartmeter.restricted.application.port.out.CspPush;
import uk.smartmeter.restricted.application.port.out.ExclusionListStore;
import uk.smartmeter.restricted.domain.csp.ExclusionEntry;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals;
import uk.smartmeter.restricted.application.port.out.ExclusionList;
import uk.smartmeter.restricted.application.port.out.ReplayTicket;
import uk.smartmeter.restricted.application.port.in.CspFeedPage;

/** The CSPs' side of the flag (MP169 BR5): the pull feed, replays, and the monthly exclusion lists. */
public final class CspService implements ReadCspFeed, ReadExclusionLists, RequestCspReplay, PublishExclusionLists {

    private final CspNoticeStore notices;
    private final ExclusionListStore lists;
    private final CspPush push;
    private final Clock clock;
    private final Duration publishAfter;
    private final CspFeedProgress feed;

    /**
     * @param publishAfter how long after a month closes its lists are published (late, back-dated facts settle)
     * @param feed         whether the notices are complete; a list is published only from a complete feed
     */
    public CspService(CspNoticeStore notices, ExclusionListStore lists, CspPush push, Clock clock,
                      Duration publishAfter, CspFeedProgress feed) {
        this(notices, lists, push, clock, publishAfter, feed, reason -> null);
    }

    /** As above, each published list citing a history checkpoint issued for it. */
    public CspService(CspNoticeStore notices, ExclusionListStore lists, CspPush push, Clock clock,
                      Duration publishAfter, CspFeedProgress feed,
                      java.util.function.Function<String, uk.smartmeter.restricted.application.port.out.IssuedCheckpoint>
                              checkpoints) {
        this.notices = Objects.requireNonNull(notices);
        this.lists = Objects.requireNonNull(lists);
        this.push = Objects.requireNonNull(push);
        this.clock = Objects.requireNonNull(clock);
        this.publishAfter = Objects.requireNonNull(publishAfter);
        this.feed = Objects.requireNonNull(feed);
        this.checkpoints = Objects.requireNonNull(checkpoints);
    }

    private final java.util.function.Function<String, uk.smartmeter.restricted.application.port.out.IssuedCheckpoint>
            checkpoints;

    @Override
    public CspFeedPage after(CspRegion region, long afterRegionPosition, int limit) {
        var page = notices.feed(region, afterRegionPosition, limit);
        long next = page.isEmpty() ? afterRegionPosition : page.get(page.size() - 1).regionPosition();
        return new CspFeedPage(region, page, next);
    }

    @Override
    public CspFeedPage since(CspRegion region, Instant time, int limit) {
        return notices.positionBefore(region, time)
                .map(before -> after(region, before, limit))
                .orElseGet(() -> new CspFeedPage(region, List.of(), notices.lastRegionPosition(region)));
    }

    @Override
    public Optional<Long> regionPositionOfV1Cursor(CspRegion region, long feedPosition) {
        return notices.regionPositionOf(region, feedPosition);
    }

    @Override
    public Optional<ReplayTicket.RegionReplay> fromPosition(Actor requestedBy, CspRegion region,
                                                            long afterRegionPosition) {
        // past the region's last notice there is nothing to replay: the push's own bound (the last confirmed
        // notice) then ends the replay where it starts
        long after = notices.feedPositionOf(region, afterRegionPosition).orElseGet(notices::lastFeedPosition);
        return push.replay(region, after, requestedBy).map(ticket -> inRegion(region, ticket));
    }

    @Override
    public Optional<ReplayTicket.RegionReplay> fromTime(Actor requestedBy, CspRegion region, Instant time) {
        long before = notices.positionBefore(region, time)
                .flatMap(position -> notices.feedPositionOf(region, position))
                .orElseGet(notices::lastFeedPosition);
        return push.replay(region, before, requestedBy).map(ticket -> inRegion(region, ticket));
    }

    private ReplayTicket.RegionReplay inRegion(CspRegion region, ReplayTicket ticket) {
        return ticket.inRegion(feedPosition -> notices.regionPositionAtOrBefore(region, feedPosition));
    }

    @Override
    public ExclusionList list(CspRegion region, YearMonth month, Instant asKnownAt) {
        if (asKnownAt == null) {
            Optional<ExclusionList> published = lists.published(region, month);
            if (published.isPresent()) {
                return published.get();
            }
        }
        return compute(region, month, asKnownAt == null ? clock.instant() : asKnownAt);
    }

    @Override
    public List<YearMonth> published(CspRegion region) {
        return lists.publishedMonths(region);
    }

    @Override
    public YearMonth dueMonth() {
        Instant now = clock.instant();
        YearMonth closed = YearMonth.from(now.atZone(ZoneOffset.UTC)).minusMonths(1);
        Instant due = RestrictedIntervals.startOf(closed.plusMonths(1)).plus(publishAfter);
        return now.isBefore(due) ? closed.minusMonths(1) : closed;
    }

    @Override
    public List<ExclusionList> publishDue() {
        if (!feed.caughtUp()) {
            return List.of();
        }
        YearMonth month = dueMonth();
        List<ExclusionList> published = new ArrayList<>();
        for (CspRegion region : CspRegion.values()) {
            if (lists.published(region, month).isPresent()) {
                continue;
            }
            Instant now = clock.instant();
            ExclusionList list = compute(region, month, now).publishedAt(now)
                    .citing(checkpoints.apply("exclusion-list " + region + " " + month));
            if (lists.publish(list)) {
                published.add(list);
            }
        }
        if (!published.isEmpty()) {
            push.wake();
        }
        return published;
    }

    private ExclusionList compute(CspRegion region, YearMonth month, Instant asKnownAt) {
        List<ExclusionEntry> entries = new ArrayList<>();
        notices.forEachDevice(region, asKnownAt,
                deviceNotices -> ExclusionEntry.of(deviceNotices, month, asKnownAt).ifPresent(entries::add));
        return new ExclusionList(region, month, asKnownAt, null, entries);
    }
}
