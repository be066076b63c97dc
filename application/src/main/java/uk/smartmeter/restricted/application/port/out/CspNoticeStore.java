package uk.smartmeter.restricted.application.port.out;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import uk.smartmeter.restricted.domain.csp.CspDevice;
import uk.smartmeter.restricted.domain.csp.CspNotice;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;

/**
 * The CSP notices as they were made, in feed order, and what the notices need to know of each meter.
 * Notices are never changed or removed: the pull feed, every push and every replay read these rows.
 */
public interface CspNoticeStore {

    /** The meters' states, for those that have one. */
    Map<DeviceId, CspDevice> devices(Collection<DeviceId> ids);

    /** The last feed position written (across regions), 0 when there is none. */
    long lastFeedPosition();

    /** Each region's last region position, for the regions that have a notice. */
    Map<CspRegion, Long> lastRegionPositions();

    /** The region's last region position, 0 when it has no notice. */
    default long lastRegionPosition(CspRegion region) {
        return lastRegionPositions().getOrDefault(region, 0L);
    }

    /** The feed position of the region's notice at {@code regionPosition}; 0 for 0; empty when there is none. */
    Optional<Long> feedPositionOf(CspRegion region, long regionPosition);

    /**
     * The region position of the region's notice at {@code feedPosition} (0 for 0), for a notice made while
     * notices were v1 (so a client may hold that cursor); empty otherwise: a later notice's feed position was
     * never shown, and converting it would tell where the region's notices sit among the others'.
     */
    Optional<Long> regionPositionOf(CspRegion region, long feedPosition);

    /** The region position of the region's last notice at or before {@code feedPosition}; 0 when none is. */
    long regionPositionAtOrBefore(CspRegion region, long feedPosition);

    /**
     * Writes notices and the meters' new states together, in the caller's transaction (the processor's, with its
     * token), so a batch is written once; a notice ID or a meter's sequence number twice is refused by the table.
     */
    void append(List<CspNotice> notices, Collection<CspDevice> devices);

    /** A region's notices after a region position, oldest first, at most {@code limit}. */
    List<CspNotice> feed(CspRegion region, long afterRegionPosition, int limit);

    /** The region position just before the region's first notice recorded at or after {@code time}; empty when none is. */
    Optional<Long> positionBefore(CspRegion region, Instant time);

    /**
     * Each of the region's meters that has notices recorded by {@code asKnownAt}: its notices in the
     * order they were made, one meter at a time, in device ID order, streamed.
     */
    void forEachDevice(CspRegion region, Instant asKnownAt, Consumer<List<CspNotice>> deviceNotices);
}
