package uk.smartmeter.restricted.domain.history;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;

/**
 * When a meter was Restricted: its flag events in, half-open UTC intervals out, on the effective
 * timeline. Shared by the CSP exclusion lists and the monthly reports (issues 6 and 7), so that both
 * count the same seconds. Events are taken in effective-time order, ties in the order they were
 * recorded; an event recorded after {@code recordedBy} is not yet known and is left out.
 */
public final class RestrictedIntervals {

    private RestrictedIntervals() {
    }

    /** A half-open interval [from, to); {@code to} is null while the flag is still set. */
    public record Interval(Instant from, Instant to) {
        public Interval {
            Objects.requireNonNull(from, "from is required");
            if (to != null && !to.isAfter(from)) {
                throw new IllegalArgumentException("an interval ends after it starts");
            }
        }
    }

    /** Every interval of the device's life, as known by {@code recordedBy}. */
    public static List<Interval> of(List<? extends DeviceEvent> history, Instant recordedBy) {
        List<Flagged> changes = new ArrayList<>();
        for (int version = 0; version < history.size(); version++) {
            DeviceEvent event = history.get(version);
            if (event.recordedAt().isAfter(recordedBy)) {
                continue;
            }
            if (event instanceof RestrictionApplied) {
                changes.add(new Flagged(version, event.effectiveAt(), true));
            } else if (event instanceof RestrictionCleared || event instanceof RestrictionEnded) {
                changes.add(new Flagged(version, event.effectiveAt(), false));
            }
        }
        changes.sort(Comparator.comparing(Flagged::at).thenComparingInt(Flagged::version));
        List<Interval> intervals = new ArrayList<>();
        Instant since = null;
        for (Flagged change : changes) {
            if (change.on() && since == null) {
                since = change.at();
            } else if (!change.on() && since != null) {
                if (change.at().isAfter(since)) {
                    intervals.add(new Interval(since, change.at()));
                }
                since = null;
            }
        }
        if (since != null) {
            intervals.add(new Interval(since, null));
        }
        return intervals;
    }

    /** The intervals within a calendar month (UTC), clipped to it: [first instant, first instant of the next). */
    public static List<Interval> within(List<? extends DeviceEvent> history, YearMonth month, Instant recordedBy) {
        Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        List<Interval> clipped = new ArrayList<>();
        for (Interval interval : of(history, recordedBy)) {
            Instant from = interval.from().isBefore(start) ? start : interval.from();
            Instant to = interval.to() == null || interval.to().isAfter(end) ? end : interval.to();
            if (to.isAfter(from)) {
                clipped.add(new Interval(from, to));
            }
        }
        return clipped;
    }

    private record Flagged(int version, Instant at, boolean on) {
    }
}
