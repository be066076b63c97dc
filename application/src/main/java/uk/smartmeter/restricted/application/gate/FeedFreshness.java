package uk.smartmeter.restricted.application.gate;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides whether the index's feed is current enough for the gate to trust it.
 * <ul>
 * <li>It is not until the feed has caught up with the store once: at start-up, and again after every
 * look at the store that failed or timed out ({@link #lost()}), so a node whose link came back stays
 * closed until its feed has reached a head read <em>after</em> the link returned.</li>
 * <li>After that, it is not whenever an event has been in the store, unprocessed, for longer than the
 * bound. An unprocessed event is the store's head beyond the feed's position, or an event committed
 * late into a gap the feed's token still holds open.</li>
 * </ul>
 * "How long" is measured from the first time the watcher saw the event, so no clock is shared with
 * other nodes.
 */
public final class FeedFreshness {

    private static final long[] NONE = new long[0];

    private final long maxLagNanos;
    /** Heads seen and when, oldest first, only those the feed has not reached yet. */
    private final ArrayDeque<long[]> unprocessedHeads = new ArrayDeque<>();
    /** Gaps of the feed's token that the store has filled, with when each was first seen filled. */
    private final Map<Long, Long> filledGaps = new HashMap<>();
    private boolean caughtUp;
    private long lagNanos;

    public FeedFreshness(Duration maxLag) {
        if (maxLag.isNegative() || maxLag.isZero()) {
            throw new IllegalArgumentException("the gate's max lag must be positive");
        }
        this.maxLagNanos = maxLag.toNanos();
    }

    public boolean observe(long nowNanos, long feedPosition, long storeHead, boolean feedSaysCaughtUp) {
        return observe(nowNanos, feedPosition, storeHead, NONE, feedSaysCaughtUp);
    }

    /**
     * One observation: the feed's position (read first), then the store's head and which of the feed's
     * open gaps the store now holds, at a monotonic time. Positions are the store's global indexes; -1
     * for "nothing yet".
     *
     * @return whether the index is current now
     */
    public synchronized boolean observe(long nowNanos, long feedPosition, long storeHead, long[] gapsFilled,
                                        boolean feedSaysCaughtUp) {
        if (unprocessedHeads.isEmpty() || unprocessedHeads.peekLast()[1] < storeHead) {
            unprocessedHeads.addLast(new long[] {nowNanos, storeHead});
        }
        while (!unprocessedHeads.isEmpty() && unprocessedHeads.peekFirst()[1] <= feedPosition) {
            unprocessedHeads.removeFirst();
        }
        Map<Long, Long> stillFilled = new HashMap<>();
        for (long gap : gapsFilled) {
            stillFilled.put(gap, filledGaps.getOrDefault(gap, nowNanos));
        }
        filledGaps.clear();
        filledGaps.putAll(stillFilled);
        long oldest = unprocessedHeads.isEmpty() ? nowNanos : unprocessedHeads.peekFirst()[0];
        for (long seen : filledGaps.values()) {
            oldest = Math.min(oldest, seen);
        }
        lagNanos = nowNanos - oldest;
        if (!caughtUp && feedSaysCaughtUp && unprocessedHeads.isEmpty() && filledGaps.isEmpty()) {
            caughtUp = true;
        }
        return caughtUp && lagNanos <= maxLagNanos;
    }

    /** A look at the store failed or timed out: not current from now until the feed has caught up again. */
    public synchronized void lost() {
        caughtUp = false;
        unprocessedHeads.clear();
        filledGaps.clear();
    }

    /** How long the oldest unprocessed event has been seen in the store, as of the last observation. */
    public synchronized Duration lag() {
        return Duration.ofNanos(lagNanos);
    }

    /** Whether the feed has caught up since start-up or since the last failed look. */
    public synchronized boolean caughtUpSinceStart() {
        return caughtUp;
    }
}
