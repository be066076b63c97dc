package uk.smartmeter.restricted.bootstrap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.smartmeter.restricted.adapter.store.EventStoreAdapterConfiguration;
import uk.smartmeter.restricted.adapter.store.GateIndexStart;
import uk.smartmeter.restricted.adapter.store.GateProperties;
import uk.smartmeter.restricted.adapter.store.ProjectionProperties;
import uk.smartmeter.restricted.application.axon.EnrolledGasProxies;
import uk.smartmeter.restricted.application.port.out.GateIndexCheckpoint;
import uk.smartmeter.restricted.application.axon.GateIndexFeed;
import uk.smartmeter.restricted.application.gate.GateCounters;
import uk.smartmeter.restricted.application.gate.GateService;
import uk.smartmeter.restricted.application.gate.RestrictedIndex;
import uk.smartmeter.restricted.application.port.out.GateReceipts;
import uk.smartmeter.restricted.domain.gate.AlertCatalogue;
import uk.smartmeter.restricted.domain.gate.GateVerdict;
import uk.smartmeter.restricted.domain.gate.RestrictedGate;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;

/**
 * The Restricted gate: catalogues, the in-memory index and its two feeds (a subscribing processor for
 * this node's commits, a tracking processor with an in-memory token that starts from the index's durable
 * checkpoint and follows every node's writes), the processor that keeps that checkpoint, the watch that
 * fails the gate closed when the index is behind, receipts, and metrics.
 */
@Configuration(proxyBeanMethods = false)
class GateConfiguration {

    @Bean
    RestrictedGate restrictedGate() {
        return new RestrictedGate(SrvCatalogue.bundled(), AlertCatalogue.bundled());
    }

    @Bean
    RestrictedIndex restrictedIndex() {
        return new RestrictedIndex();
    }

    @Bean
    GateCounters gateCounters() {
        return new GateCounters();
    }

    /** Which SRV catalogue is in force when (issue 18): the bundled one, then each adopted one from its time. */
    @Bean
    uk.smartmeter.restricted.application.gate.CatalogueSchedule catalogueSchedule(RestrictedGate gate,
            uk.smartmeter.restricted.adapter.store.GateProperties properties) {
        return new uk.smartmeter.restricted.application.gate.CatalogueSchedule(gate.catalogue(), gate.alerts(),
                properties.catalogueLead());
    }

    @Bean
    uk.smartmeter.restricted.application.gate.CatalogueService catalogueService(
            uk.smartmeter.restricted.application.port.out.CatalogueAdoptions adoptions,
            uk.smartmeter.restricted.application.gate.CatalogueSchedule schedule,
            uk.smartmeter.restricted.application.port.out.ServiceEvents events, RestrictedGate gate, Clock clock) {
        return new uk.smartmeter.restricted.application.gate.CatalogueService(adoptions, schedule, events,
                gate.catalogue(), clock);
    }

    /**
     * Every node reads the adoptions every {@code restricted.gate.catalogue-refresh}, and every 250 ms until its first
     * read succeeds (the table may not exist yet while the migrations run); a failed read is retried at the next round.
     * Until the first read, and whenever the last one is older than the lead, consumption SRVs fail closed (R3).
     */
    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ScheduledExecutorService catalogueRefresh(
            uk.smartmeter.restricted.application.gate.CatalogueService catalogues,
            uk.smartmeter.restricted.application.gate.CatalogueSchedule schedule,
            uk.smartmeter.restricted.adapter.store.GateProperties properties, Clock clock) {
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "gate-catalogues");
                    thread.setDaemon(true);
                    return thread;
                });
        java.time.Duration every = properties.catalogueRefresh();
        java.time.Duration quick = every.compareTo(java.time.Duration.ofMillis(250)) < 0 ? every
                : java.time.Duration.ofMillis(250);
        // a round reads the adoptions unless this node's schedule was loaded (by a round, an adoption or a report)
        // less than `every` ago by the clock; a clock stepped back, or a load never made, reads at once
        uk.smartmeter.restricted.application.schedule.Recurring.schedule(timer, "the SRV catalogue adoptions",
                java.time.Duration.ZERO, quick, () -> {
                    java.time.Instant now = clock.instant();
                    java.time.Instant loaded = schedule.loadedAt();
                    if (loaded != null && now.isAfter(loaded) && now.isBefore(loaded.plus(every))) {
                        return;
                    }
                    catalogues.refresh();
                });
        return timer;
    }

    /**
     * In the readiness group: OUT_OF_SERVICE while this node does not know the SRV catalogue in force (before its first
     * read of the adoptions, or when its last read is older than half the lead), when the gate fails closed on every
     * SRV an adoption could make consumption, so that a load balancer sends the gate's questions elsewhere.
     */
    @Bean
    org.springframework.boot.actuate.health.HealthIndicator gateCatalogueHealthIndicator(
            uk.smartmeter.restricted.application.gate.CatalogueSchedule schedule, Clock clock) {
        return () -> {
            java.time.Instant now = clock.instant();
            var health = schedule.knownAt(now.toEpochMilli())
                    ? org.springframework.boot.actuate.health.Health.up()
                    : org.springframework.boot.actuate.health.Health.outOfService().withDetail("reason", "this node"
                            + " has not read the SRV catalogue adoptions recently enough to know the catalogue in"
                            + " force: consumption-capable SRVs are denied with R3");
            String adoption = schedule.adoptionAt(now);
            return health.withDetail("catalogueVersion", schedule.at(now).version())
                    .withDetail("adoptionId", adoption == null ? "bundled" : adoption).build();
        };
    }

    /**
     * The receipts' writers: a denial waits at most {@code restricted.gate.receipt-wait} for its receipt, so a hung
     * store cannot hold the DSP's question for a socket timeout; a few threads, and a short queue, so a hung store
     * cannot pile writes up either (see {@link uk.smartmeter.restricted.application.gate.BoundedReceipts}).
     */
    @Bean(destroyMethod = "shutdown")
    java.util.concurrent.ThreadPoolExecutor gateReceiptWriters() {
        java.util.concurrent.atomic.AtomicInteger threads = new java.util.concurrent.atomic.AtomicInteger();
        return new java.util.concurrent.ThreadPoolExecutor(4, 4, 0, java.util.concurrent.TimeUnit.MILLISECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(1024), task -> {
                    Thread thread = new Thread(task, "gate-receipts-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new java.util.concurrent.ThreadPoolExecutor.AbortPolicy());
    }

    @Bean
    uk.smartmeter.restricted.application.gate.BoundedReceipts boundedGateReceipts(GateReceipts receipts,
            java.util.concurrent.ThreadPoolExecutor gateReceiptWriters, GateProperties properties,
            GateCounters counters) {
        return new uk.smartmeter.restricted.application.gate.BoundedReceipts(receipts, gateReceiptWriters,
                properties.receiptWait(), counters);
    }

    @Bean
    GateService gateService(uk.smartmeter.restricted.application.gate.CatalogueSchedule schedule, RestrictedIndex index,
                            uk.smartmeter.restricted.application.gate.BoundedReceipts receipts, GateCounters counters,
                            Clock clock, java.util.concurrent.ScheduledExecutorService catalogueRefresh) {
        return new GateService(schedule, index, receipts, counters, clock);
    }

    /**
     * The feeds are not Spring beans, so Axon's bean scanning cannot register them a second time under a
     * default processing group. The tracking feed's token is in memory: it starts from the durable checkpoint
     * ({@link GateIndexStart}), which the checkpoint processor keeps with its token in the token store.
     */
    @Bean
    ConfigurerModule gateIndexFeeds(RestrictedIndex index, MeterRegistry meters, Clock clock,
                                    GateProperties properties, ProjectionProperties projections, GateIndexStart start,
                                    GateIndexCheckpoint checkpoint, ObjectProvider<EventStore> eventStore) {
        Timer lag = Timer.builder("restricted.gate.index.lag")
                .description("from an event's timestamp to its arrival in this node's gate index, tracking feed")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .register(meters);
        GateIndexFeed.GasProxies gasProxies = gasMeter -> new EnrolledGasProxies(eventStore.getObject()).gpfOf(gasMeter);
        GateIndexFeed.Live live = new GateIndexFeed.Live(index, gasProxies);
        // an event stamped by another node whose clock runs ahead would give a negative lag: counted as none
        GateIndexFeed.Tracking tracking = new GateIndexFeed.Tracking(index, gasProxies, recordedAt -> {
            Duration behind = Duration.between(recordedAt, clock.instant());
            lag.record(behind.isNegative() ? Duration.ZERO : behind);
        });
        GateIndexFeed.Checkpoint checkpointFeed = new GateIndexFeed.Checkpoint(checkpoint, gasProxies);
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(GateIndexFeed.LIVE)
                .registerTrackingEventProcessor(GateIndexFeed.TRACKING, c -> c.eventStore(),
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(properties.feedBatchSize())
                                .andInitialTrackingToken(source -> {
                                    TrackingToken from = start.startFrom(index, c.serializer());
                                    return from != null ? from : source.createTailToken();
                                }))
                .registerTokenStore(GateIndexFeed.TRACKING, c -> new InMemoryTokenStore())
                .registerListenerInvocationErrorHandler(GateIndexFeed.TRACKING, c -> PropagatingErrorHandler.instance())
                .registerTrackingEventProcessor(GateIndexFeed.CHECKPOINT, EventStoreAdapterConfiguration.CommitOrderedEvents::in,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(projections.batchSize()))
                .registerListenerInvocationErrorHandler(GateIndexFeed.CHECKPOINT, c -> PropagatingErrorHandler.instance())
                .registerEventHandler(c -> live)
                .registerEventHandler(c -> tracking)
                .registerEventHandler(c -> checkpointFeed)
                .assignHandlerInstancesMatching(GateIndexFeed.LIVE, handler -> handler == live)
                .assignHandlerInstancesMatching(GateIndexFeed.TRACKING, handler -> handler == tracking)
                .assignHandlerInstancesMatching(GateIndexFeed.CHECKPOINT, handler -> handler == checkpointFeed);
    }

    @Bean
    MeterBinder gateMetrics(GateCounters counters, RestrictedIndex index,
                            uk.smartmeter.restricted.application.gate.BoundedReceipts boundedReceipts) {
        return registry -> {
            for (String srvClass : GateCounters.classLabels()) {
                for (GateVerdict verdict : GateVerdict.values()) {
                    FunctionCounter.builder("restricted.gate.decisions", counters, c -> c.total(srvClass, verdict))
                            .description("gate decisions by traffic class and verdict")
                            .tag("class", srvClass)
                            .tag("verdict", verdict.name())
                            .register(registry);
                }
            }
            FunctionCounter.builder("restricted.gate.receipts.failed", counters, GateCounters::receiptsNotRecorded)
                    .description("denials whose receipt could not be written (the denial stood; see the error log)")
                    .register(registry);
            FunctionCounter.builder("restricted.gate.receipts.late", boundedReceipts,
                            uk.smartmeter.restricted.application.gate.BoundedReceipts::late)
                    .description("denials answered before their receipt's write ended (restricted.gate.receipt-wait)")
                    .register(registry);
            Gauge.builder("restricted.gate.restricted.meters", index, RestrictedIndex::restrictedMeters)
                    .register(registry);
            Gauge.builder("restricted.gate.index.bytes", index, RestrictedIndex::footprintBytes).register(registry);
            Gauge.builder("restricted.gate.index.current", index, i -> i.current() ? 1 : 0).register(registry);
        };
    }
}
