package uk.smartmeter.restricted.application.port.in;

import java.time.Instant;
import uk.smartmeter.restricted.application.csp.CspFeedPage;
import uk.smartmeter.restricted.domain.device.CspRegion;

/** The pull feed of a region's notices, for CSPs that poll; it needs no broker. */
public interface ReadCspFeed {

    /** Notices after a feed position (0 for the start), oldest first. */
    CspFeedPage after(CspRegion region, long afterFeedPosition, int limit);

    /** Notices from the first recorded at or after {@code time}, oldest first. */
    CspFeedPage since(CspRegion region, Instant time, int limit);
}
