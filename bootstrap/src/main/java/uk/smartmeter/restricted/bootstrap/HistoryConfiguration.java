package uk.smartmeter.restricted.bootstrap;

import java.time.Clock;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.smartmeter.restricted.application.axon.HistoryProjection;
import uk.smartmeter.restricted.application.history.HistoryCheckpoints;
import uk.smartmeter.restricted.application.history.HistoryRebuildService;
import uk.smartmeter.restricted.application.history.HistoryService;
import uk.smartmeter.restricted.application.history.HistoryVerification;
import uk.smartmeter.restricted.application.port.out.CheckpointSigner;
import uk.smartmeter.restricted.application.port.out.CheckpointStore;
import uk.smartmeter.restricted.application.port.out.StoredEvents;
import uk.smartmeter.restricted.application.port.out.HistoryShadow;
import uk.smartmeter.restricted.application.port.out.RebuildRuns;
import uk.smartmeter.restricted.application.port.out.ServiceEvents;
import uk.smartmeter.restricted.application.port.in.RebuildHistory;
import uk.smartmeter.restricted.application.port.out.Devices;
import uk.smartmeter.restricted.application.port.out.HistoryStore;
import uk.smartmeter.restricted.application.port.out.RefusalLog;
import uk.smartmeter.restricted.adapter.store.EventDigest;
import uk.smartmeter.restricted.adapter.store.HistoryProperties;
import uk.smartmeter.restricted.adapter.store.ProjectionProperties;
import uk.smartmeter.restricted.adapter.store.EventStoreAdapterConfiguration;

/**
 * The regulator's history: SQL tables built by the "history" tracking processor from the commit-ordered
 * store (its token in the JDBC token store, in the same transaction as each batch's rows,
 * {@code restricted.projections.batch-size} events a batch; a failing event stops the processor rather than being
 * skipped), and
 * the queries over them.
 */
@Configuration(proxyBeanMethods = false)
class HistoryConfiguration {

    @Bean
    HistoryService historyService(HistoryStore store, Devices devices, RefusalLog refusals, Clock clock) {
        return new HistoryService(store, devices, refusals, clock);
    }

    @Bean
    HistoryCheckpoints historyCheckpoints(HistoryService history, CheckpointStore store, CheckpointSigner signer,
                                          Clock clock, HistoryStore entries) {
        return new HistoryCheckpoints(history, store, signer, clock, entries::hasEntriesOutsideTheTree);
    }

    /**
     * A checkpoint each interval when the tree has grown; on every node (one per size is kept); not in a batch run
     * of the command line ({@code restricted.background-work=false}).
     */
    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ScheduledExecutorService checkpointTimer(HistoryCheckpoints checkpoints,
                                                                   HistoryProperties properties,
            @org.springframework.beans.factory.annotation.Value("${restricted.background-work:true}") boolean background) {
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "history-checkpoints");
                    thread.setDaemon(true);
                    return thread;
                });
        if (!background) {
            return timer;
        }
        uk.smartmeter.restricted.application.schedule.Recurring.schedule(timer, "the history's checkpoints",
                properties.checkpointInterval(), properties.checkpointInterval(), checkpoints::issueIfGrown);
        return timer;
    }

    @Bean
    HistoryVerification historyVerification(HistoryStore store, StoredEvents events, CheckpointStore checkpoints,
                                            CheckpointSigner signer, HistoryService history) {
        return new HistoryVerification(store, events, checkpoints, signer, history);
    }

    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ExecutorService historyRebuilds() {
        return java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "history-rebuild");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    RebuildHistory rebuildHistory(StoredEvents events, HistoryShadow shadow, RebuildRuns runs, ServiceEvents serviceEvents,
                                  HistoryCheckpoints checkpoints, Clock clock,
                                  java.util.concurrent.ExecutorService historyRebuilds) {
        return new HistoryRebuildService(events, shadow, runs, serviceEvents, checkpoints, clock, node(), historyRebuilds);
    }

    static String node() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException unknown) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid();
    }

    /** Not a Spring bean, so Axon's bean scanning cannot register it a second time. */
    @Bean
    ConfigurerModule historyProjection(HistoryStore store, ProjectionProperties properties) {
        HistoryProjection projection = new HistoryProjection(store, EventDigest::of);
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessor(HistoryProjection.PROCESSING_GROUP, EventStoreAdapterConfiguration.CommitOrderedEvents::in,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(properties.batchSize()))
                .registerListenerInvocationErrorHandler(HistoryProjection.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerEventHandler(c -> projection)
                .assignHandlerInstancesMatching(HistoryProjection.PROCESSING_GROUP, handler -> handler == projection);
    }

    /** Which meters were Restricted at T as known at T′: the spans' table, and whether its projection has caught up. */
    @Bean
    uk.smartmeter.restricted.application.port.in.ReadRestrictedAt readRestrictedAt(
            uk.smartmeter.restricted.application.port.out.RestrictedSpans spans,
            uk.smartmeter.restricted.adapter.store.ProjectionWatch watch, Clock clock) {
        return new uk.smartmeter.restricted.application.history.RestrictedAtService(spans,
                () -> watch.caughtUpNow(uk.smartmeter.restricted.application.axon.RestrictedSpanProjection.PROCESSING_GROUP),
                clock);
    }

    /**
     * The spans' projection, in its own processing group; it reads each touched meter's stream when its batch
     * commits (through a provider: the device store is built after the Axon configuration).
     */
    @Bean
    ConfigurerModule restrictedSpanProjection(uk.smartmeter.restricted.application.port.out.RestrictedSpans spans,
                                              uk.smartmeter.restricted.application.port.out.MeterPoints meterPoints,
                                              org.springframework.beans.factory.ObjectProvider<Devices> devices,
                                              ProjectionProperties properties) {
        uk.smartmeter.restricted.application.axon.RestrictedSpanProjection projection =
                new uk.smartmeter.restricted.application.axon.RestrictedSpanProjection(spans, meterPoints,
                        id -> devices.getObject().history(id));
        String group = uk.smartmeter.restricted.application.axon.RestrictedSpanProjection.PROCESSING_GROUP;
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessor(group, EventStoreAdapterConfiguration.CommitOrderedEvents::in,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(properties.batchSize()))
                .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance())
                .registerEventHandler(c -> projection)
                .assignHandlerInstancesMatching(group, handler -> handler == projection);
    }
}
