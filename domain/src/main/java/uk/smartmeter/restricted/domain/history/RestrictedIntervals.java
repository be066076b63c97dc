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

    /**
     * One change of a device's flag: on or off, when it took effect and when it was recorded. The
     * form the CSP notices keep, so that the exclusion lists need no device events.
     */
    public record FlagChange(Instant effectiveAt, Instant recordedAt, boolean restricted) {
        public FlagChange {
            Objects.requireNonNull(effectiveAt, "effective time is required");
            Objects.requireNonNull(recordedAt, "recorded time is required");
        }

        /** The flag change an event makes, or null when it makes none. */
        public static FlagChange of(DeviceEvent event) {
            if (event instanceof RestrictionApplied) {
                return new FlagChange(event.effectiveAt(), event.recordedAt(), true);
            }
            if (event instanceof RestrictionCleared || event instanceof RestrictionEnded) {
                return new FlagChange(event.effectiveAt(), event.recordedAt(), false);
            }
            return null;
        }
    }

    /** Every interval of the device's life, as known by {@code recordedBy}. */
    public static List<Interval> of(List<? extends DeviceEvent> history, Instant recordedBy) {
        return ofChanges(changesOf(history), recordedBy);
    }

    /**
     * Every interval, from a device's flag changes in the order they were recorded, as known by
     * {@code recordedBy}.
     */
    public static List<Interval> ofChanges(List<FlagChange> recorded, Instant recordedBy) {
        List<Flagged> changes = new ArrayList<>();
        for (int order = 0; order < recorded.size(); order++) {
            FlagChange change = recorded.get(order);
            if (!change.recordedAt().isAfter(recordedBy)) {
                changes.add(new Flagged(order, change.effectiveAt(), change.restricted()));
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
        return withinChanges(changesOf(history), month, recordedBy);
    }

    /** {@link #within} over flag changes in the order they were recorded. */
    public static List<Interval> withinChanges(List<FlagChange> recorded, YearMonth month, Instant recordedBy) {
        Instant start = startOf(month);
        Instant end = startOf(month.plusMonths(1));
        List<Interval> clipped = new ArrayList<>();
        for (Interval interval : ofChanges(recorded, recordedBy)) {
            Instant from = interval.from().isBefore(start) ? start : interval.from();
            Instant to = interval.to() == null || interval.to().isAfter(end) ? end : interval.to();
            if (to.isAfter(from)) {
                clipped.add(new Interval(from, to));
            }
        }
        return clipped;
    }

    /** The first instant of a calendar month, UTC. */
    public static Instant startOf(YearMonth month) {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static List<FlagChange> changesOf(List<? extends DeviceEvent> history) {
        List<FlagChange> changes = new ArrayList<>();
        for (DeviceEvent event : history) {
            FlagChange change = FlagChange.of(event);
            if (change != null) {
                changes.add(change);
            }
        }
        return changes;
    }

    private record Flagged(int version, Instant at, boolean on) {
    }
}
