package uk.smartmeter.restricted.adapter.store;

import uk.smartmeter.restricted.application.schedule.Recurring;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Watches the projections that hold evidence (the history, the CSP notices): how far each is behind the
 * store, its last error, and the event it is stuck on. A processor that has not moved for
 * {@code stallAfter} while behind, or that is in error, is stalled: its health is DEGRADED (so the
 * service still answers everything else) and, for the history, the {@code regulators} readiness group
 * turns OUT_OF_SERVICE. Nothing here is read at request time but what the last look found; the look
 * runs on its own thread with a query timeout.
 */
public final class ProjectionWatch implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionWatch.class);
    static final Status DEGRADED = new Status("DEGRADED");

    /** What the last look found about one processor. */
    record State(long position, long head, long sinceNanos, boolean stalled, String error, Map<String, Object> stuckOn,
                 String heldBy) {
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper TOKENS = new com.fasterxml.jackson.databind.ObjectMapper();

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
    /** When the looks began to fail (0 while they succeed): the last state found is then no longer known to hold. */
    private volatile long failingSince;
    private volatile String lookFailure;

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
            failingSince = 0;
            lookFailure = null;
        } catch (RuntimeException failed) {
            LOG.debug("cannot look at the projections' store", failed);
            if (failingSince == 0) {
                failingSince = System.nanoTime();
            }
            lookFailure = String.valueOf(failed.getMessage());
        }
    }

    private State next(String name, long head, long now) {
        TrackingEventProcessor processor = processors.eventProcessor(name, TrackingEventProcessor.class).orElse(null);
        State before = states.get(name);
        long position = -1;
        String error = processor == null ? "not running on this node" : null;
        String heldBy = null;
        if (processor != null && !processor.processingStatus().isEmpty()) {
            for (EventTrackerStatus segment : processor.processingStatus().values()) {
                OptionalLong at = segment.getCurrentPosition();
                position = at.isPresent() ? at.getAsLong() : -1;
                if (segment.isErrorState() && segment.getError() != null) {
                    error = segment.getError().toString();
                }
            }
        } else if (processor != null) {
            // another node holds the claim (or nobody does): the projection is judged by its shared token, so a
            // node that does not run it reports the projection's state, not its own idleness
            Claim claim = sharedClaim(name);
            position = claim.position();
            heldBy = claim.owner() == null ? "nobody" : claim.owner();
        }
        boolean moved = before == null || before.position() != position;
        long since = moved || position >= head ? now : before.sinceNanos();
        boolean stalled = error != null || (position < head && now - since > stallAfterNanos);
        Map<String, Object> stuckOn = stalled ? stuckOn(position) : Map.of();
        if (stalled && (before == null || !before.stalled())) {
            LOG.error("projection {} is stalled at position {} (store head {}){}: {}", name, position, head,
                    error == null ? "" : ", error " + error, stuckOn);
        }
        return new State(position, head, since, stalled, error, stuckOn, heldBy);
    }

    private record Claim(String owner, long position) {
    }

    /**
     * Whether the projection's shared token (whichever node holds it) has reached the store's head now: read
     * afresh, not from the last look, so an answer that says it is complete is.
     */
    public boolean caughtUpNow(String name) {
        Long max = sql.queryForObject("SELECT MAX(globalIndex) FROM DomainEventEntry", Long.class);
        return sharedClaim(name).position() >= (max == null ? -1 : max);
    }

    /** The processor's token in the token store: who holds it, and the position it has reached. */
    private Claim sharedClaim(String name) {
        List<Claim> claims = sql.query("SELECT owner, token FROM TokenEntry WHERE processorName = ? AND segment = 0",
                (row, n) -> new Claim(row.getString(1), positionOf(row.getBytes(2))), name);
        return claims.isEmpty() ? new Claim(null, -1) : claims.get(0);
    }

    /** A token's position ({@code {"index":N,"gaps":[...]}}, or a replay's current token's); -1 for none or another shape. */
    private static long positionOf(byte[] token) {
        if (token == null) {
            return -1;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode tree = TOKENS.readTree(token);
            // a processor's first token is a ReplayToken (Axon 4.x): its position is its current token's
            return (tree.has("currentToken") ? tree.path("currentToken") : tree).path("index").asLong(-1);
        } catch (java.io.IOException unreadable) {
            return -1;
        }
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

    /** The looks have failed for longer than the stall threshold: what the projection does now is not known. */
    private boolean blind() {
        long since = failingSince;
        return since != 0 && System.nanoTime() - since > stallAfterNanos;
    }

    HealthIndicator health(String name) {
        return () -> {
            if (blind()) {
                return Health.status(DEGRADED).withDetail("storeUnreachable", String.valueOf(lookFailure)).build();
            }
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
            if (state.heldBy() != null) {
                health.withDetail("runsOn", state.heldBy());
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
            if (blind()) {
                return Health.outOfService().withDetail("storeUnreachable", name).build();
            }
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
