package uk.smartmeter.restricted.application.port.in;

import java.time.Instant;
import uk.smartmeter.restricted.domain.device.CspRegion;

/** The pull feed of a region's notices, for CSPs that poll; it needs no broker. */
public interface ReadCspFeed {

    /** Notices after a region position (0 for the start), oldest first. */
    CspFeedPage after(CspRegion region, long afterRegionPosition, int limit);

    /**
     * For a client that still holds a v1 cursor (a feed position across regions, as v1 notices carried):
     * the region position it stands for, so that the client goes on with region positions. Only 0 and the
     * feed positions of the region's own notices are converted (empty otherwise), so nothing is told of the
     * other regions.
     */
    java.util.Optional<Long> regionPositionOfV1Cursor(CspRegion region, long feedPosition);

    /** Notices from the first recorded at or after {@code time}, oldest first. */
    CspFeedPage since(CspRegion region, Instant time, int limit);
}
