package uk.smartmeter.restricted.application.gate;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Decides whether the index's feed is current enough for the gate to trust it. It is not until the feed
 * has caught up with the store once since start-up; after that, it is not whenever an event has been in
 * the store, unprocessed, for longer than the bound. "How long" is measured from the first time the
 * watcher saw the store's head beyond the feed's position, so it needs no clock shared with other nodes.
 */
public final class FeedFreshness {

    private final long maxLagNanos;
    /** Heads seen and when, oldest first, only those the feed has not reached yet. */
    private final ArrayDeque<long[]> unprocessedHeads = new ArrayDeque<>();
    private boolean caughtUpOnce;
    private long lagNanos;

    public FeedFreshness(Duration maxLag) {
        if (maxLag.isNegative() || maxLag.isZero()) {
            throw new IllegalArgumentException("the gate's max lag must be positive");
        }
        this.maxLagNanos = maxLag.toNanos();
    }

    /**
     * One observation: the feed's position (read first), then the store's head, at a monotonic time.
     * Positions are the store's global indexes; -1 for "nothing yet".
     *
     * @return whether the index is current now
     */
    public synchronized boolean observe(long nowNanos, long feedPosition, long storeHead, boolean feedSaysCaughtUp) {
        if (unprocessedHeads.isEmpty() || unprocessedHeads.peekLast()[1] < storeHead) {
            unprocessedHeads.addLast(new long[] {nowNanos, storeHead});
        }
        while (!unprocessedHeads.isEmpty() && unprocessedHeads.peekFirst()[1] <= feedPosition) {
            unprocessedHeads.removeFirst();
        }
        lagNanos = unprocessedHeads.isEmpty() ? 0 : nowNanos - unprocessedHeads.peekFirst()[0];
        if (!caughtUpOnce && feedSaysCaughtUp && unprocessedHeads.isEmpty()) {
            caughtUpOnce = true;
        }
        return caughtUpOnce && lagNanos <= maxLagNanos;
    }

    /** How long the oldest unprocessed event has been seen in the store, as of the last observation. */
    public synchronized Duration lag() {
        return Duration.ofNanos(lagNanos);
    }

    public synchronized boolean caughtUpSinceStart() {
        return caughtUpOnce;
    }
}
