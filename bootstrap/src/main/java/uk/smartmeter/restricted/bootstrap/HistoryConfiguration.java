package uk.smartmeter.restricted.bootstrap;

import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.axon.CspNoticeProjection;
import uk.smartmeter.restricted.application.axon.HistoryProjection;
import uk.smartmeter.restricted.application.history.HistoryCheckpoints;
import uk.smartmeter.restricted.application.history.HistoryRebuildService;
import uk.smartmeter.restricted.application.history.HistoryService;
import uk.smartmeter.restricted.application.history.HistoryVerification;
import uk.smartmeter.restricted.application.port.out.CheckpointSigner;
import uk.smartmeter.restricted.application.port.out.CheckpointStore;
import uk.smartmeter.restricted.application.port.out.StoredEvents;
import uk.smartmeter.restricted.application.port.in.RebuildHistory;
import uk.smartmeter.restricted.application.port.out.Devices;
import uk.smartmeter.restricted.application.port.out.HistoryStore;
import uk.smartmeter.restricted.application.port.out.RefusalLog;

/**
 * The regulator's history: SQL tables built by the "history" tracking processor from the commit-ordered
 * store (its token in the JDBC token store, in the same transaction as each batch's rows, 500 events a
 * batch: 2,000 measured no faster; a failing event stops the processor rather than being skipped), and
 * the queries over them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ProjectionProperties.class, HistoryProperties.class})
class HistoryConfiguration {

    static final int BATCH_SIZE = 500;

    @Bean
    HistoryStore historyStore(DataSource dataSource, PlatformTransactionManager transactions) {
        return new JdbcHistoryStore(new JdbcTemplate(dataSource), new TransactionTemplate(transactions));
    }

    @Bean
    HistoryService historyService(HistoryStore store, Devices devices, RefusalLog refusals, Clock clock) {
        return new HistoryService(store, devices, refusals, clock);
    }

    /** The history and the CSP notices: lag, last error, the event a stalled one is stuck on. */
    @Bean
    ProjectionWatch projectionWatch(DataSource dataSource, EventProcessingConfiguration processors,
                                    ProjectionProperties properties) {
        return new ProjectionWatch(dataSource, processors,
                List.of(HistoryProjection.PROCESSING_GROUP, CspNoticeProjection.PROCESSING_GROUP), properties.stallAfter());
    }

    @Bean
    HealthIndicator historyHealthIndicator(ProjectionWatch watch) {
        return watch.health(HistoryProjection.PROCESSING_GROUP);
    }

    @Bean
    HealthIndicator cspNoticesHealthIndicator(ProjectionWatch watch) {
        return watch.health(CspNoticeProjection.PROCESSING_GROUP);
    }

    /** In the {@code regulators} readiness group: route regulators' history reads by it. */
    @Bean
    HealthIndicator historyReadinessHealthIndicator(ProjectionWatch watch) {
        return watch.readiness(HistoryProjection.PROCESSING_GROUP);
    }

    @Bean
    MeterBinder projectionMetrics(ProjectionWatch watch) {
        return watch::bind;
    }

    /** The signing key, from its file; in local mode created there at first start. Its verifier key is logged. */
    @Bean
    CheckpointSigner checkpointSigner(HistoryProperties properties,
                                      @org.springframework.beans.factory.annotation.Value(
                                              "${restricted.api.auth.mode:local}") String authMode) {
        Ed25519KeyFile key = Ed25519KeyFile.load(properties.signingKey(), properties.origin(), "local".equals(authMode));
        org.slf4j.LoggerFactory.getLogger(HistoryConfiguration.class).info("History checkpoints are signed by {};"
                + " verifier key {} (also at GET /api/v1/history/checkpoints/key)", properties.signingKey()
                .toAbsolutePath(), key.verifierKey());
        return key;
    }

    @Bean
    CheckpointStore checkpointStore(DataSource dataSource, HistoryProperties properties) {
        return new JdbcCheckpointStore(new JdbcTemplate(dataSource), properties.checkpointArchive());
    }

    @Bean
    HistoryCheckpoints historyCheckpoints(HistoryService history, CheckpointStore store, CheckpointSigner signer,
                                          Clock clock, HistoryStore entries) {
        return new HistoryCheckpoints(history, store, signer, clock, entries::hasEntriesOutsideTheTree);
    }

    /** A checkpoint each interval when the tree has grown; on every node (one per size is kept). */
    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ScheduledExecutorService checkpointTimer(HistoryCheckpoints checkpoints,
                                                                   HistoryProperties properties) {
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "history-checkpoints");
                    thread.setDaemon(true);
                    return thread;
                });
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HistoryCheckpoints.class);
        timer.scheduleWithFixedDelay(() -> {
            try {
                checkpoints.issueIfGrown();
            } catch (RuntimeException failed) {
                // kept scheduled: the next interval tries again
                log.warn("could not issue a history checkpoint: {}", failed.toString());
            }
        }, properties.checkpointInterval().toMillis(), properties.checkpointInterval().toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
        return timer;
    }

    @Bean
    StoredEvents storedEvents(DataSource dataSource, PlatformTransactionManager transactions,
                              org.axonframework.config.Configuration axon) {
        return new JdbcStoredEvents(new JdbcTemplate(dataSource), new TransactionTemplate(transactions), () -> {
            org.axonframework.eventhandling.TrackingToken head = EventStoreConfiguration.CommitOrderedEvents.in(axon)
                    .createHeadToken();
            return head == null ? -1 : head.position().orElse(-1);
        });
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
    RebuildHistory rebuildHistory(StoredEvents events, DataSource dataSource, PlatformTransactionManager transactions,
                                  HistoryCheckpoints checkpoints, Clock clock,
                                  org.axonframework.eventhandling.EventBus eventBus,
                                  java.util.concurrent.ExecutorService historyRebuilds) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        return new HistoryRebuildService(events, new JdbcHistoryShadow(dataSource, transaction),
                new JdbcRebuildRuns(jdbc, transaction, clock), new AxonServiceEvents(eventBus, jdbc), checkpoints, clock,
                node(), historyRebuilds);
    }

    private static String node() {
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
    ConfigurerModule historyProjection(HistoryStore store) {
        HistoryProjection projection = new HistoryProjection(store, EventDigest::of);
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessor(HistoryProjection.PROCESSING_GROUP, EventStoreConfiguration.CommitOrderedEvents::in,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(BATCH_SIZE))
                .registerListenerInvocationErrorHandler(HistoryProjection.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerEventHandler(c -> projection)
                .assignHandlerInstancesMatching(HistoryProjection.PROCESSING_GROUP, handler -> handler == projection);
    }
}
