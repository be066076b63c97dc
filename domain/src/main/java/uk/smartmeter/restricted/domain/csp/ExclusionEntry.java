package uk.smartmeter.restricted.domain.csp;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals.FlagChange;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals.Interval;

/**
 * One line of a CSP's monthly exclusion list: a meter that was Restricted during the month, and
 * exactly when (half-open UTC intervals clipped to the month), so that the CSP leaves those seconds
 * out of its performance measures (MP169 BR5, BR6).
 */
public record ExclusionEntry(DeviceId deviceId, DeviceType deviceType, DeviceId commsHubId, List<Interval> intervals) {

    public ExclusionEntry {
        Objects.requireNonNull(deviceId, "device ID is required");
        intervals = List.copyOf(intervals);
        if (intervals.isEmpty()) {
            throw new IllegalArgumentException("an excluded meter was Restricted for some of the month");
        }
    }

    /** The seconds of the month the meter was Restricted. */
    public long restrictedSeconds() {
        return intervals.stream().mapToLong(i -> Duration.between(i.from(), i.to()).getSeconds()).sum();
    }

    /**
     * A meter's line for the month, from its notices in the order they were recorded, as known by
     * {@code asKnownAt}; empty when it was not Restricted at any moment of the month. The Comms Hub
     * is the one named by the last notice known by then.
     */
    public static Optional<ExclusionEntry> of(List<CspNotice> deviceNotices, YearMonth month, Instant asKnownAt) {
        List<FlagChange> changes = new ArrayList<>(deviceNotices.size());
        CspNotice last = null;
        for (CspNotice notice : deviceNotices) {
            changes.add(new FlagChange(notice.effectiveAt(), notice.recordedAt(), notice.restricted()));
            if (!notice.recordedAt().isAfter(asKnownAt)) {
                last = notice;
            }
        }
        List<Interval> intervals = RestrictedIntervals.withinChanges(changes, month, asKnownAt);
        if (intervals.isEmpty() || last == null) {
            return Optional.empty();
        }
        return Optional.of(new ExclusionEntry(last.deviceId(), last.deviceType(), last.commsHubId(), intervals));
    }
}
