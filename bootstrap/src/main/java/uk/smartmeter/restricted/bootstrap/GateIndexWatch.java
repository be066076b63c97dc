package uk.smartmeter.restricted.bootstrap;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import uk.smartmeter.restricted.application.axon.GateIndexFeed;
import uk.smartmeter.restricted.application.gate.FeedFreshness;
import uk.smartmeter.restricted.application.gate.RestrictedIndex;

/**
 * Compares the index's tracking feed with the store's head every check interval, and tells the index
 * whether it is current. Until it is, the gate denies consumption with R3 and readiness is DOWN. Any
 * failure to look counts as not current.
 */
final class GateIndexWatch implements HealthIndicator, SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(GateIndexWatch.class);

    private final EventStore eventStore;
    private final EventProcessingConfiguration processors;
    private final RestrictedIndex index;
    private final FeedFreshness freshness;
    private final ScheduledExecutorService timer;
    private final long everyNanos;
    private volatile boolean running;
    private volatile long feedPosition = -1;
    private volatile long storeHead = -1;

    GateIndexWatch(EventStore eventStore, EventProcessingConfiguration processors, RestrictedIndex index,
                   GateProperties properties) {
        this.eventStore = eventStore;
        this.processors = processors;
        this.index = index;
        this.freshness = new FeedFreshness(properties.maxLag());
        this.timer = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "gate-index-watch");
            thread.setDaemon(true);
            return thread;
        });
        this.everyNanos = properties.checkInterval().toNanos();
    }

    /** Starts watching once the context runs: the schema is migrated and Axon's processors are starting. */
    @Override
    public void start() {
        timer.scheduleWithFixedDelay(this::check, 0, everyNanos, TimeUnit.NANOSECONDS);
        running = true;
    }

    @Override
    public void stop() {
        timer.shutdownNow();
        running = false;
        index.current(false);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    void check() {
        boolean current;
        try {
            TrackingEventProcessor feed = processors.eventProcessor(GateIndexFeed.TRACKING, TrackingEventProcessor.class)
                    .orElseThrow(() -> new IllegalStateException("no tracking processor " + GateIndexFeed.TRACKING));
            long position = -1;
            boolean caughtUp = feed.isRunning();
            Map<Integer, EventTrackerStatus> status = feed.processingStatus();
            if (status.isEmpty()) {
                caughtUp = false;
            }
            for (EventTrackerStatus segment : status.values()) {
                OptionalLong at = segment.getCurrentPosition();
                position = at.isPresent() ? at.getAsLong() : -1;
                caughtUp &= segment.isCaughtUp() && !segment.isErrorState();
            }
            TrackingToken head = eventStore.createHeadToken();
            long headPosition = head == null ? -1 : head.position().orElse(-1);
            feedPosition = position;
            storeHead = headPosition;
            current = freshness.observe(System.nanoTime(), position, headPosition, caughtUp);
        } catch (RuntimeException failed) {
            LOG.warn("cannot compare the gate's index with the store; failing closed", failed);
            current = false;
        }
        if (current != index.current()) {
            LOG.info("gate index {}", current ? "is current: consumption decisions resume"
                    : "is behind the store: consumption SRVs are denied with R3 until it catches up");
        }
        index.current(current);
    }

    Duration lag() {
        return freshness.lag();
    }

    @Override
    public Health health() {
        Health.Builder health = index.current() ? Health.up() : Health.outOfService();
        return health.withDetail("caughtUpSinceStart", freshness.caughtUpSinceStart())
                .withDetail("lagMillis", freshness.lag().toMillis())
                .withDetail("feedPosition", feedPosition)
                .withDetail("storeHead", storeHead)
                .withDetail("restrictedMeters", index.restrictedMeters())
                .build();
    }

}
