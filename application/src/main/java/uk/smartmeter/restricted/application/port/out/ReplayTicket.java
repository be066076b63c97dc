package uk.smartmeter.restricted.application.port.out;

import java.time.Instant;
import uk.smartmeter.restricted.domain.device.CspRegion;

/**
 * A replay asked for: a region's notices in (after, upTo] are sent again, in their original order and
 * with their original content. The push port ({@code CspPush}) counts in feed positions, across regions;
 * {@link #inRegion} gives the same replay in the region's own positions, which is all a CSP is shown.
 */
public record ReplayTicket(long replayId, CspRegion region, long afterFeedPosition, long upToFeedPosition,
                           Instant requestedAt) {

    /** The same replay, its bounds as region positions. */
    public RegionReplay inRegion(java.util.function.LongUnaryOperator regionPositionAtOrBefore) {
        return new RegionReplay(replayId, region, regionPositionAtOrBefore.applyAsLong(afterFeedPosition),
                regionPositionAtOrBefore.applyAsLong(upToFeedPosition), requestedAt);
    }

    /** A replay as a CSP sees it: the region's notices in (afterPosition, upToPosition], region positions. */
    public record RegionReplay(long replayId, CspRegion region, long afterPosition, long upToPosition,
                               Instant requestedAt) {
    }
}
