package uk.smartmeter.restricted.application.port.in;

import java.time.Instant;
import java.util.Optional;
import uk.smartmeter.restricted.application.port.out.ReplayTicket;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.CspRegion;

/** A CSP that lost notices asks for them again over the broker. */
public interface RequestCspReplay {

    /**
     * The region's notices after a region position, in region positions; empty when push is not configured
     * (the pull feed replays by its cursor instead).
     */
    Optional<ReplayTicket.RegionReplay> fromPosition(Actor requestedBy, CspRegion region, long afterRegionPosition);

    /** From the first notice recorded at or after {@code time}; empty when push is not configured. */
    Optional<ReplayTicket.RegionReplay> fromTime(Actor requestedBy, CspRegion region, Instant time);
}
