package uk.smartmeter.restricted.application.csp;

import java.time.Instant;
import uk.smartmeter.restricted.domain.device.CspRegion;

/**
 * A replay asked for: a region's notices in (afterFeedPosition, upToFeedPosition] are sent again, in
 * their original order and with their original content.
 */
public record ReplayTicket(long replayId, CspRegion region, long afterFeedPosition, long upToFeedPosition,
                           Instant requestedAt) {
}
