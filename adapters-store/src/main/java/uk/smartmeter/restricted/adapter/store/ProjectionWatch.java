package uk.smartmeter.restricted.adapter.store;

import uk.smartmeter.restricted.application.schedule.Recurring;
import io.micrometer.core.instrument.Gauge;
import uk.smartmeter.restricted.application.schedule.Recurring;
import io.micrometer.core.instrument.MeterRegistry;
import uk.smartmeter.restricted.application.schedule.Recurring;
import java.time.Duration;
import uk.smartmeter.restricted.application.schedule.Recurring;
import java.util.LinkedHashMap;
import uk.smartmeter.restricted.application.schedule.Recurring;
import java.util.List;
import uk.smartmeter.restricted.application.schedule.Recurring;
import java.util.Map;
import uk.smartmeter.restricted.application.schedule.Recurring;
import java.util.OptionalLong;
import uk.smartmeter.restricted.application.schedule.Recurring;
import java.util.concurrent.ConcurrentHashMap;
import uk.smartmeter.restricted.application.schedule.Recurring;
import java.util.concurrent.Executors;
import uk.smartmeter.restricted.application.schedule.Recurring;
import java.util.concurrent.ScheduledExecutorService;
import uk.smartmeter.restricted.application.schedule.Recurring;
import java.util.concurrent.TimeUnit;
import uk.smartmeter.restricted.application.schedule.Recurring;
import javax.sql.DataSource;
import uk.smartmeter.restricted.application.schedule.Recurring;
import org.axonframework.config.EventProcessingConfiguration;
import uk.smartmeter.restricted.application.schedule.Recurring;
import org.axonframework.eventhandling.EventTrackerStatus;
import uk.smartmeter.restricted.application.schedule.Recurring;
import org.axonframework.eventhandling.TrackingEventProcessor;
import uk.smartmeter.restricted.application.schedule.Recurring;
import org.slf4j.Logger;
import uk.smartmeter.restricted.application.schedule.Recurring;
import org.slf4j.LoggerFactory;
import uk.smartmeter.restricted.application.schedule.Recurring;
import org.springframework.boot.actuate.health.Health;
import uk.smartmeter.restricted.application.schedule.Recurring;
import org.springframework.boot.actuate.health.HealthIndicator;
import uk.smartmeter.restricted.application.schedule.Recurring;
import org.springframework.boot.actuate.health.Status;
import uk.smartmeter.restricted.application.schedule.Recurring;
import org.springframework.context.SmartLifecycle;
import uk.smartmeter.restricted.application.schedule.Recurring;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Watches the projections that hold evidence (the history, the CSP notices): how far each is behind the
 * store, its last error, and the event it is stuck on. A processor that has not moved for
 * {@code stallAfter} while behind, or that is in error, is stalled: its health is DEGRADED (so the
 * service still answers everything else) and, for the history, the {@code regulators} readiness group
 * turns OUT_OF_SERVICE. Nothing here is read at request time but what the last look found; the look
 * runs on its own thread with a query timeout.
 */
final class ProjectionWatch implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionWatch.class);
    static final Status DEGRADED = new Status("DEGRADED");

    /** What the last look found about one processor. */
    record State(long position, long head, long sinceNanos, boolean stalled, String error, Map<String, Object> stuckOn) {
    }

    private final JdbcTemplate sql;
    private final EventProcessingConfiguration processors;
    private final List<String> names;
    private final long stallAfterNanos;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(work -> {
        Thread thread = new Thread(work, "projection-watch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;

    ProjectionWatch(DataSource dataSource, EventProcessingConfiguration processors, List<String> names,
                    Duration stallAfter) {
        this.sql = new JdbcTemplate(dataSource);
        this.sql.setQueryTimeout(1);
        this.processors = processors;
        this.names = List.copyOf(names);
        this.stallAfterNanos = stallAfter.toNanos();
    }

    @Override
    public void start() {
        Recurring.schedule(timer, "the projections' watch", Duration.ofSeconds(1), Duration.ofSeconds(1), this::look);
        running = true;
    }

    @Override
    public void stop() {
        timer.shutdownNow();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    void look() {
        try {
            Long max = sql.queryForObject("SELECT MAX(globalIndex) FROM DomainEventEntry", Long.class);
            long head = max == null ? -1 : max;
            long now = System.nanoTime();
            for (String name : names) {
                states.put(name, next(name, head, now));
            }
        } catch (RuntimeException failed) {
            LOG.debug("cannot look at the projections' store", failed);
        }
    }

    private State next(String name, long head, long now) {
        TrackingEventProcessor processor = processors.eventProcessor(name, TrackingEventProcessor.class).orElse(null);
        State before = states.get(name);
        long position = -1;
        String error = processor == null ? "not running on this node" : null;
        if (processor != null) {
            for (EventTrackerStatus segment : processor.processingStatus().values()) {
                OptionalLong at = segment.getCurrentPosition();
                position = at.isPresent() ? at.getAsLong() : -1;
                if (segment.isErrorState() && segment.getError() != null) {
                    error = segment.getError().toString();
                }
            }
        }
        boolean moved = before == null || before.position() != position;
        long since = moved || position >= head ? now : before.sinceNanos();
        boolean stalled = error != null || (position < head && now - since > stallAfterNanos);
        Map<String, Object> stuckOn = stalled ? stuckOn(position) : Map.of();
        if (stalled && (before == null || !before.stalled())) {
            LOG.error("projection {} is stalled at position {} (store head {}){}: {}", name, position, head,
                    error == null ? "" : ", error " + error, stuckOn);
        }
        return new State(position, head, since, stalled, error, stuckOn);
    }

    private Map<String, Object> stuckOn(long position) {
        return sql.query("SELECT globalIndex, eventIdentifier, payloadType, aggregateIdentifier FROM DomainEventEntry"
                + " WHERE globalIndex > ? ORDER BY globalIndex LIMIT 1", row -> {
                    Map<String, Object> event = new LinkedHashMap<>();
                    if (row.next()) {
                        event.put("globalIndex", row.getLong(1));
                        event.put("eventId", row.getString(2));
                        event.put("eventType", row.getString(3).substring(row.getString(3).lastIndexOf('.') + 1));
                        event.put("aggregateId", row.getString(4));
                    }
                    return event;
                }, position);
    }

    HealthIndicator health(String name) {
        return () -> {
            State state = states.get(name);
            if (state == null) {
                return Health.up().withDetail("reason", "not looked at yet").build();
            }
            Health.Builder health = state.stalled() ? Health.status(DEGRADED) : Health.up();
            health.withDetail("position", state.position()).withDetail("storeHead", state.head())
                    .withDetail("behind", Math.max(0, state.head() - state.position()));
            if (state.error() != null) {
                health.withDetail("lastError", state.error());
            }
            if (!state.stuckOn().isEmpty()) {
                health.withDetail("stuckOn", state.stuckOn());
            }
            return health.build();
        };
    }

    /** Readiness for regulators' reads: out of service while the history is stalled. */
    HealthIndicator readiness(String name) {
        return () -> {
            State state = states.get(name);
            return state != null && state.stalled() ? Health.outOfService().withDetail("stalled", name).build()
                    : Health.up().build();
        };
    }

    void bind(MeterRegistry registry) {
        for (String name : names) {
            Gauge.builder("restricted.projection.behind", this, w -> w.behind(name))
                    .description("events in the store this projection has not processed yet")
                    .tag("processor", name).register(registry);
            Gauge.builder("restricted.projection.stalled", this, w -> w.stalled(name) ? 1 : 0)
                    .description("1 while the projection is in error or has not moved for the stall threshold")
                    .tag("processor", name).register(registry);
            Gauge.builder("restricted.projection.failing", this, w -> w.failing(name) ? 1 : 0)
                    .description("1 while the projection's last batch failed (its error is in /actuator/health)")
                    .tag("processor", name).register(registry);
        }
    }

    private double behind(String name) {
        State state = states.get(name);
        return state == null ? 0 : Math.max(0, state.head() - state.position());
    }

    private boolean stalled(String name) {
        State state = states.get(name);
        return state != null && state.stalled();
    }

    private boolean failing(String name) {
        State state = states.get(name);
        return state != null && state.error() != null;
    }
}
