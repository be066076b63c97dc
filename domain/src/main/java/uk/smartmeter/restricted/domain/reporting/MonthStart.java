package uk.smartmeter.restricted.domain.reporting;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.gate.GateDenied;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals;

/**
 * Where a month's start checkpoint is taken while a replay passes it: at the last position before the first event
 * recorded (or denial decided) a day before the month starts, so that the month's receipts window (a day either
 * side) lies wholly after it. Taken only if every device event before it took effect before the month starts: then
 * the states of {@link MonthFacts#states} at that position give, seeded into the month's facts and followed by the
 * events after it, exactly what a replay from the store's beginning gives. An event before it that took effect in
 * the month or later (a fact dated ahead) spoils the checkpoint, and the month is replayed in full.
 */
public final class MonthStart {

    private final YearMonth month;
    private final Instant start;
    private final Instant threshold;
    private boolean passed;
    private boolean exact = true;
    private long position = -1;

    /** For the start of {@code month}. */
    public MonthStart(YearMonth month) {
        this.month = month;
        this.start = RestrictedIntervals.startOf(month);
        this.threshold = start.minus(Duration.ofDays(1));
    }

    public YearMonth month() {
        return month;
    }

    /**
     * Before the device event at {@code position} goes to the facts: true exactly once, when the checkpoint is to be
     * taken now (the facts then hold everything before it), and only if it is exact.
     */
    public boolean before(long position, DeviceEvent event) {
        if (passed) {
            return false;
        }
        if (!event.recordedAt().isBefore(threshold)) {
            return pass(position);
        }
        if (!event.effectiveAt().isBefore(start)) {
            exact = false;
        }
        return false;
    }

    /** As {@link #before(long, DeviceEvent)}, for a gate denial. */
    public boolean before(long position, GateDenied denied) {
        if (passed) {
            return false;
        }
        return !denied.decidedAt().isBefore(threshold) && pass(position);
    }

    private boolean pass(long at) {
        passed = true;
        position = at - 1;
        return exact;
    }

    /** The position the checkpoint stands at: every event up to it is in the states; the month replays after it. */
    public long position() {
        return position;
    }
}
