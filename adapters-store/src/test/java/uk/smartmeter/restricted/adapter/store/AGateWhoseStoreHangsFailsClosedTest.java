package uk.smartmeter.restricted.adapter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import uk.smartmeter.restricted.application.axon.GateIndexFeed;
import uk.smartmeter.restricted.application.gate.RestrictedIndex;

/**
 * The watch's look at the store hangs, as on a black-holed connection (no answer, no error): the gate
 * closes for consumption within the check timeout, the watch's thread is never held, health answers at
 * once, and after the store answers again the gate stays closed until the feed has reached the head read
 * after the link came back.
 */
class AGateWhoseStoreHangsFailsClosedTest {

    private final CountDownLatch blackhole = new CountDownLatch(1);
    private volatile boolean hanging;
    private final DriverManagerDataSource store = new DriverManagerDataSource(
            "jdbc:h2:mem:watch-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final DelegatingDataSource link = new DelegatingDataSource(store) {
        @Override
        public Connection getConnection() throws SQLException {
            if (hanging) {
                try {
                    blackhole.await();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.getConnection();
        }
    };
    private final RestrictedIndex index = new RestrictedIndex();
    private final TrackingEventProcessor feed = mock(TrackingEventProcessor.class);
    private final EventTrackerStatus segment = mock(EventTrackerStatus.class);
    private GateIndexWatch watch;

    @AfterEach
    void release() {
        blackhole.countDown();
        if (watch != null) {
            watch.stop();
        }
    }

    @Test
    void aHungStoreClosesTheGateWithinTheCheckTimeoutAndItReopensOnlyOnceTheFeedReachesAHeadReadAfterwards() {
        JdbcTemplate sql = new JdbcTemplate(store);
        sql.execute("CREATE TABLE DomainEventEntry (globalIndex BIGINT PRIMARY KEY)");
        sql.update("INSERT INTO DomainEventEntry VALUES (1), (2), (3), (4), (5)");
        EventProcessingConfiguration processors = mock(EventProcessingConfiguration.class);
        when(processors.eventProcessor(GateIndexFeed.TRACKING, TrackingEventProcessor.class)).thenReturn(Optional.of(feed));
        when(feed.isRunning()).thenReturn(true);
        when(feed.processingStatus()).thenReturn(Map.of(0, segment));
        when(segment.isCaughtUp()).thenReturn(true);
        feedAt(5);
        watch = new GateIndexWatch(link, processors, index,
                new GateProperties(Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMillis(100),
                        Duration.ofMillis(300), 100, Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofMillis(200)));

        watch.check();
        assertThat(index.current()).as("caught up at 5").isTrue();

        hanging = true;
        long start = System.nanoTime();
        watch.check();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(index.current()).as("closed on a look that did not answer").isFalse();
        assertThat(took).as("the watch waited no longer than its timeout").isLessThan(Duration.ofMillis(1_000));
        assertThat(watch.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(watch.health().getDetails()).containsKey("storeUnreachable");

        start = System.nanoTime();
        watch.check();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the hung look is not waited for again")
                .isLessThan(Duration.ofMillis(100));
        assertThat(index.current()).isFalse();

        sql.update("INSERT INTO DomainEventEntry VALUES (6), (7)");
        hanging = false;
        blackhole.countDown();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            watch.check();
            return watch.health().getDetails().get("storeHead").equals(7L);
        });
        assertThat(index.current()).as("the feed still says 'caught up' at 5, but the head read after is 7").isFalse();

        feedAt(7);
        watch.check();
        assertThat(index.current()).isTrue();
    }

    /** An error, not an exception, in a look at the store: the gate closes, and the watch's timer keeps looking. */
    @Test
    void aWatchThatMeetsAnErrorFailsClosedAndKeepsWatching() {
        JdbcTemplate sql = new JdbcTemplate(store);
        sql.execute("CREATE TABLE DomainEventEntry (globalIndex BIGINT PRIMARY KEY)");
        sql.update("INSERT INTO DomainEventEntry VALUES (1), (2)");
        EventProcessingConfiguration processors = mock(EventProcessingConfiguration.class);
        when(processors.eventProcessor(GateIndexFeed.TRACKING, TrackingEventProcessor.class)).thenReturn(Optional.of(feed));
        when(feed.isRunning()).thenReturn(true);
        when(feed.processingStatus()).thenReturn(Map.of(0, segment));
        when(segment.isCaughtUp()).thenReturn(true);
        feedAt(2);
        watch = new GateIndexWatch(link, processors, index,
                new GateProperties(Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMillis(100),
                        Duration.ofMillis(300), 100, Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofMillis(200)));
        watch.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(index::current);

        when(feed.processingStatus()).thenThrow(new StackOverflowError("in the feed's status"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !index.current());

        org.mockito.Mockito.reset(feed);
        when(feed.isRunning()).thenReturn(true);
        when(feed.processingStatus()).thenReturn(Map.of(0, segment));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).alias("the timer still runs after the error")
                .until(index::current);
    }

    private void feedAt(long position) {
        when(segment.getCurrentPosition()).thenReturn(OptionalLong.of(position));
        when(segment.getTrackingToken()).thenReturn(GapAwareTrackingToken.newInstance(position, java.util.List.of()));
    }
}
