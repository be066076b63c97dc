package uk.smartmeter.restricted.adapter.store;

import uk.smartmeter.restricted.application.schedule.Recurring;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.WrappedToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.smartmeter.restricted.application.axon.GateIndexFeed;
import uk.smartmeter.restricted.application.gate.FeedFreshness;
import uk.smartmeter.restricted.application.gate.RestrictedIndex;

/**
 * Compares the index's tracking feed with the store every check interval, and tells the index whether it
 * is current. Until it is, the gate denies consumption with R3 and readiness is OUT_OF_SERVICE.
 * <p>
 * The look at the store runs on a thread of its own and is waited for at most
 * {@code restricted.gate.check-timeout}: a look that fails, times out, or is still hung from an earlier
 * check counts as stale at once, and the index stays closed until its feed has caught up with a head
 * read after the store answered again. The watch's own thread never blocks on the database, and health
 * reads only what the last look left.
 */
public final class GateIndexWatch implements HealthIndicator, SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(GateIndexWatch.class);
    /** The open gaps of the feed's token asked about per look; more are rare, and the head check still runs. */
    private static final int GAPS_PER_LOOK = 500;

    private record Look(long feedPosition, long storeHead, long[] gapsFilled, boolean caughtUp) {
    }

    private final JdbcTemplate sql;
    private final EventProcessingConfiguration processors;
    private final RestrictedIndex index;
    private final FeedFreshness freshness;
    private final ScheduledExecutorService timer;
    private final ExecutorService looks;
    private final long everyNanos;
    private final long timeoutNanos;
    private volatile boolean running;
    private volatile long feedPosition = -1;
    private volatile long storeHead = -1;
    private volatile String lastFailure;
    private Future<Look> look;

    GateIndexWatch(DataSource dataSource, EventProcessingConfiguration processors, RestrictedIndex index,
                   GateProperties properties) {
        this.sql = new JdbcTemplate(dataSource);
        this.sql.setQueryTimeout((int) Math.max(1, properties.checkTimeout().toSeconds()));
        this.processors = processors;
        this.index = index;
        this.freshness = new FeedFreshness(properties.maxLag());
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("gate-index-watch"));
        this.looks = Executors.newSingleThreadExecutor(daemon("gate-index-look"));
        this.everyNanos = properties.checkInterval().toNanos();
        this.timeoutNanos = properties.checkTimeout().toNanos();
    }

    private static ThreadFactory daemon(String name) {
        return work -> {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Starts watching once the context runs: the schema is migrated and Axon's processors are starting. */
    @Override
    public void start() {
        Recurring.schedule(timer, "the gate index's watch", Duration.ZERO, Duration.ofNanos(everyNanos), this::check);
        running = true;
    }

    @Override
    public void stop() {
        timer.shutdownNow();
        looks.shutdownNow();
        running = false;
        index.current(false);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Any failure, an {@link Error} included, leaves the index failed closed until a look succeeds. */
    void check() {
        try {
            compare();
        } catch (Throwable unexpected) {
            freshness.lost();
            index.current(false);
            throw unexpected;
        }
    }

    private void compare() {
        boolean current;
        try {
            if (look != null && !look.isDone()) {
                throw new TimeoutException("the previous look at the store has not returned");
            }
            look = looks.submit(this::look);
            Look seen = look.get(timeoutNanos, TimeUnit.NANOSECONDS);
            feedPosition = seen.feedPosition();
            storeHead = seen.storeHead();
            current = freshness.observe(System.nanoTime(), seen.feedPosition(), seen.storeHead(), seen.gapsFilled(),
                    seen.caughtUp());
            lastFailure = null;
        } catch (TimeoutException | ExecutionException | RuntimeException failed) {
            current = false;
            freshness.lost();
            if (lastFailure == null) {
                LOG.warn("cannot compare the gate's index with the store; failing closed until it has caught up", failed);
            }
            lastFailure = failed instanceof TimeoutException ? "no answer from the store within "
                    + Duration.ofNanos(timeoutNanos).toMillis() + " ms" : String.valueOf(rootCause(failed));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
        }
        if (current != index.current()) {
            LOG.info("gate index {}", current ? "is current: consumption decisions resume"
                    : "is behind the store: consumption SRVs are denied with R3 until it catches up");
        }
        index.current(current);
    }

    /** The feed's position first, then the store: the store can only be ahead of what the feed reported. */
    private Look look() {
        TrackingEventProcessor feed = processors.eventProcessor(GateIndexFeed.TRACKING, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no tracking processor " + GateIndexFeed.TRACKING));
        long position = -1;
        boolean caughtUp = feed.isRunning();
        SortedSet<Long> gaps = Collections.emptySortedSet();
        Map<Integer, EventTrackerStatus> status = feed.processingStatus();
        if (status.isEmpty()) {
            caughtUp = false;
        }
        for (EventTrackerStatus segment : status.values()) {
            OptionalLong at = segment.getCurrentPosition();
            position = at.isPresent() ? at.getAsLong() : -1;
            // caught up is judged by position against the head read after it (and the token's gaps), not by the
            // processor's own flag: a feed started from the checkpoint's token may never raise that flag while
            // events keep arriving (Axon sets it only when its stream has nothing more at the end of a batch)
            caughtUp &= !segment.isErrorState();
            gaps = WrappedToken.unwrap(segment.getTrackingToken(), GapAwareTrackingToken.class)
                    .map(GapAwareTrackingToken::getGaps).orElse(gaps);
        }
        Long head = sql.queryForObject("SELECT MAX(globalIndex) FROM DomainEventEntry", Long.class);
        long[] filled = new long[0];
        if (!gaps.isEmpty()) {
            String asked = gaps.stream().limit(GAPS_PER_LOOK).map(String::valueOf).collect(Collectors.joining(","));
            filled = sql.queryForList("SELECT globalIndex FROM DomainEventEntry WHERE globalIndex IN (" + asked + ")",
                    Long.class).stream().mapToLong(Long::longValue).toArray();
        }
        return new Look(position, head == null ? -1 : head, filled, caughtUp);
    }

    private static Throwable rootCause(Throwable failed) {
        Throwable cause = failed;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    Duration lag() {
        return freshness.lag();
    }

    @Override
    public Health health() {
        Health.Builder health = index.current() ? Health.up() : Health.outOfService();
        health.withDetail("caughtUpSinceStart", freshness.caughtUpSinceStart())
                .withDetail("lagMillis", freshness.lag().toMillis())
                .withDetail("feedPosition", feedPosition)
                .withDetail("storeHead", storeHead)
                .withDetail("restrictedMeters", index.restrictedMeters());
        String failure = lastFailure;
        if (failure != null) {
            health.withDetail("storeUnreachable", failure);
        }
        return health.build();
    }
}
