package uk.smartmeter.restricted.domain.history;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.TenancyChanged;

/**
 * The effective timeline, written once: events are placed by the time they took effect and, at the
 * same moment, in the order they were recorded. The as-of answers replay a device in this order, and a
 * Supplier's view of a device starts where the current tenancy starts on it, so that a back-dated
 * Change of Tenancy moves the boundary to where it took effect, not to where it was recorded.
 *
 * <p>Times are held to the microsecond, the precision SQL keeps and the history shows, from intake on.
 */
public final class Timeline {

    /** The earliest and the first impossible time of any fact (the years 1900 to 9999). */
    public static final Instant FIRST = Instant.parse("1900-01-01T00:00:00Z");
    public static final Instant AFTER_LAST = Instant.parse("+10000-01-01T00:00:00Z");

    private Timeline() {
    }

    /** A place on the effective timeline: the effective time, then the recorded order (a version or position). */
    public record Position(Instant effective, long recordedOrder) implements Comparable<Position> {

        private static final Comparator<Position> ORDER = Comparator.comparing(Position::effective)
                .thenComparingLong(Position::recordedOrder);

        public Position {
            Objects.requireNonNull(effective, "effective time is required");
            effective = micros(effective);
        }

        @Override
        public int compareTo(Position other) {
            return ORDER.compare(this, other);
        }
    }

    /** A time at the history's precision, the microsecond. */
    public static Instant micros(Instant time) {
        return time == null ? null : time.truncatedTo(ChronoUnit.MICROS);
    }

    /** Whether a time lies in the years 1900 to 9999. */
    public static boolean inRange(Instant time) {
        return !time.isBefore(FIRST) && time.isBefore(AFTER_LAST);
    }

    /**
     * Where the device's current tenancy starts: the Change of Tenancy latest on the effective timeline, as
     * the device's version; empty when the device has had none.
     *
     * @param history the device's events in the order they were recorded (index = version)
     */
    public static Optional<Position> currentTenancyStart(List<? extends DeviceEvent> history) {
        Position latest = null;
        for (int version = 0; version < history.size(); version++) {
            DeviceEvent event = history.get(version);
            if (event instanceof TenancyChanged) {
                Position at = new Position(event.effectiveAt(), version);
                if (latest == null || at.compareTo(latest) > 0) {
                    latest = at;
                }
            }
        }
        return Optional.ofNullable(latest);
    }
}
