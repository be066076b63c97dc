package uk.smartmeter.restricted.application.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FeedFreshnessTest {

    private static final long MS = 1_000_000L;
    private final FeedFreshness freshness = new FeedFreshness(Duration.ofMillis(500));

    @Test
    void theIndexIsNotCurrentUntilTheFeedHasCaughtUpSinceStartUp() {
        assertThat(freshness.observe(0, -1, 1_000, false)).isFalse();
        assertThat(freshness.observe(100 * MS, 600, 1_000, false)).isFalse();
        assertThat(freshness.observe(200 * MS, 1_000, 1_000, false)).as("position reached, feed not yet caught up")
                .isFalse();

        assertThat(freshness.observe(300 * MS, 1_000, 1_000, true)).isTrue();
        assertThat(freshness.caughtUpSinceStart()).isTrue();
    }

    @Test
    void anEmptyStoreIsCaughtUpAtOnce() {
        assertThat(freshness.observe(0, -1, -1, true)).isTrue();
    }

    @Test
    void aFeedThatFallsBehindByMoreThanTheBoundIsNotCurrentAndIsAgainOnceItCatchesUp() {
        freshness.observe(0, 10, 10, true);

        assertThat(freshness.observe(100 * MS, 10, 11, true)).as("just written elsewhere").isTrue();
        assertThat(freshness.observe(500 * MS, 10, 12, true)).isTrue();
        assertThat(freshness.observe(601 * MS, 10, 12, true)).as("event 11 unprocessed for 501 ms").isFalse();
        assertThat(freshness.lag()).isEqualTo(Duration.ofMillis(501));

        assertThat(freshness.observe(700 * MS, 11, 12, true)).as("event 12 seen at 500 ms").isTrue();
        assertThat(freshness.observe(800 * MS, 12, 12, true)).isTrue();
        assertThat(freshness.lag()).isZero();
    }

    @Test
    void aSteadyStreamTheFeedKeepsUpWithStaysCurrent() {
        freshness.observe(0, 0, 0, true);
        for (int tick = 1; tick <= 100; tick++) {
            assertThat(freshness.observe(tick * 100 * MS, tick - 1, tick, true)).isTrue();
        }
    }

    @Test
    void afterAFailedLookTheIndexStaysClosedUntilTheFeedReachesAHeadReadAfterTheLinkCameBack() {
        freshness.observe(0, 10, 10, true);
        assertThat(freshness.observe(100 * MS, 10, 10, true)).isTrue();

        freshness.lost();
        assertThat(freshness.caughtUpSinceStart()).isFalse();

        assertThat(freshness.observe(200 * MS, 10, 15, true))
                .as("the head read after the link returned is 15; the feed's stale 'caught up' at 10 is not enough")
                .isFalse();
        assertThat(freshness.observe(300 * MS, 14, 15, true)).isFalse();
        assertThat(freshness.observe(400 * MS, 15, 15, true)).isTrue();
    }

    @Test
    void anEventCommittedLateIntoAGapOfTheFeedCountsAsUnprocessedUntilTheFeedTakesIt() {
        freshness.observe(0, 20, 20, true);

        assertThat(freshness.observe(100 * MS, 20, 20, new long[] {17}, true)).as("17 filled, just seen").isTrue();
        assertThat(freshness.observe(601 * MS, 20, 20, new long[] {17}, true))
                .as("the head is reached, but 17 has waited 501 ms").isFalse();
        assertThat(freshness.lag()).isEqualTo(Duration.ofMillis(501));

        assertThat(freshness.observe(700 * MS, 20, 20, new long[0], true)).as("the feed took 17").isTrue();
        assertThat(freshness.lag()).isZero();
    }

    @Test
    void aFilledGapKeepsAFreshStartClosed() {
        FeedFreshness starting = new FeedFreshness(Duration.ofMillis(500));
        assertThat(starting.observe(0, 20, 20, new long[] {18}, true)).isFalse();
        assertThat(starting.observe(MS, 20, 20, new long[0], true)).isTrue();
    }
}
