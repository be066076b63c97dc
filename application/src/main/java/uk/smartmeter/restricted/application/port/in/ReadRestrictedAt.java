package uk.smartmeter.restricted.application.port.in;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import uk.smartmeter.restricted.application.port.out.RestrictedSpans;

/**
 * Which meters were Restricted at effective time T, as the DCC had recorded it by T′ (issue 19): across meters,
 * paged in device order, filtered by region, device type and Supplier, with counts; REGULATOR and DCC.
 */
public interface ReadRestrictedAt {

    /**
     * A meter Restricted at T as known at T′, with the span of effective time it was Restricted in under this
     * Supplier, type and region (as known then; a Change of Supplier starts a new span) and the span of recorded
     * time in which that was what the DCC knew.
     *
     * @param supplier       the responsible Supplier then, {@code party/role}
     * @param restrictedUntil null: still Restricted, as known at T′
     * @param knownUntil      null: still what the DCC knows
     */
    record RestrictedMeter(String deviceId, String deviceType, String cspRegion, String supplier, Instant restrictedFrom,
                 Instant restrictedUntil, Instant knownFrom, Instant knownUntil) {
    }

    /**
     * @param nextCursor pass as cursor= for the next page; null on the last
     * @param complete   whether the answer holds everything the store had recorded when it was asked (the spans'
     *                   projection had caught up); false: an event recorded before T′ may not be in it yet
     */
    record RestrictedPage(Instant effective, Instant recorded, List<RestrictedMeter> meters, String nextCursor, boolean complete) {
    }

    /** The meters of such a listing, per region and type, and in all. */
    record RestrictedCounts(Instant effective, Instant recorded, long total, List<RestrictedSpans.RestrictedCount> byRegionAndType,
                  boolean complete) {
    }

    RestrictedPage page(Instant effective, Instant recorded, RestrictedSpans.Filter filter, String afterDevice, int limit);

    RestrictedCounts counts(Instant effective, Instant recorded, RestrictedSpans.Filter filter);

    /** Every meter of the listing, in device order, streamed. */
    void stream(Instant effective, Instant recorded, RestrictedSpans.Filter filter, Consumer<RestrictedMeter> rows);
}
