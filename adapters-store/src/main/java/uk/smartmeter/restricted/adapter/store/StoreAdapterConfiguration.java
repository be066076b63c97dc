package uk.smartmeter.restricted.adapter.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.axon.CspNoticeProjection;
import uk.smartmeter.restricted.application.axon.GateIndexFeed;
import uk.smartmeter.restricted.application.axon.HistoryProjection;
import uk.smartmeter.restricted.application.gate.RestrictedIndex;
import uk.smartmeter.restricted.application.port.out.CheckpointSigner;
import uk.smartmeter.restricted.application.port.out.CheckpointStore;
import uk.smartmeter.restricted.application.port.out.CommandReceipts;
import uk.smartmeter.restricted.application.port.out.DeviceEventLog;
import uk.smartmeter.restricted.application.port.out.DeviceIdentities;
import uk.smartmeter.restricted.application.port.out.Devices;
import uk.smartmeter.restricted.application.port.out.GateIndexCheckpoint;
import uk.smartmeter.restricted.application.port.out.GateReceipts;
import uk.smartmeter.restricted.application.port.out.HistoryShadow;
import uk.smartmeter.restricted.application.port.out.HistoryStore;
import uk.smartmeter.restricted.application.port.out.RebuildRuns;
import uk.smartmeter.restricted.application.port.out.RefusalLog;
import uk.smartmeter.restricted.application.port.out.ServiceEvents;
import uk.smartmeter.restricted.application.port.out.StoredEvents;

/**
 * The store adapter's beans: Axon's event store on JDBC (in {@link EventStoreAdapterConfiguration}) and every
 * out-port kept in its tables (devices, refusals, identities, gate receipts, the history's tables, checkpoints and
 * rebuild runs), the checkpoint signer's key file, and the watches that read the store's head for the gate's index
 * and the projections. The tables' migrations are this module's ({@code db/migration/eventstore}, {@code gate},
 * {@code history}).
 */
@Configuration(proxyBeanMethods = false)
@Import(EventStoreAdapterConfiguration.class)
@EnableConfigurationProperties({GateProperties.class, ProjectionProperties.class, HistoryProperties.class,
        StoreProperties.class})
public class StoreAdapterConfiguration {

    /**
     * Which device each ID belongs to, injected into the aggregate's command handler by Axon; filled from the
     * store's enrolments once, after the migrations (so before any command).
     */
    @Bean
    DeviceIdentities deviceIdentities(DataSource dataSource, ObjectProvider<FlywayMigrationInitializer> migrations) {
        migrations.getIfAvailable();
        JdbcDeviceIdentities identities = new JdbcDeviceIdentities(dataSource);
        identities.fillFromTheStore(EventJson.mapper());
        return identities;
    }

    /** Devices on Axon; the bulk import's chunks take the new-meter path unless {@code restricted.import-fast-path} is false. */
    @Bean
    Devices devices(CommandGateway commandGateway, EventStore eventStore, TransactionManager transactionManager,
                    CommandReceipts receipts, DataSource dataSource,
                    uk.smartmeter.restricted.domain.device.DecisionContext context,
                    org.axonframework.config.Configuration axon, StoreProperties properties) {
        return new AxonDevices(commandGateway, eventStore, transactionManager, receipts, properties.importFastPath()
                ? new NewDeviceEnrolments(dataSource, eventStore, context, axon.correlationDataProviders()) : null);
    }

    @Bean
    RefusalLog refusalLog(EventGateway eventGateway) {
        return new EventStoreRefusalLog(eventGateway);
    }

    @Bean
    GateReceipts gateReceipts(DataSource dataSource, PlatformTransactionManager transactions, EventGateway events) {
        return new JdbcGateReceipts(new JdbcTemplate(dataSource), new TransactionTemplate(transactions), events);
    }

    /** The SRV catalogues adopted for the gate (issue 18). */
    @Bean
    uk.smartmeter.restricted.application.port.out.CatalogueAdoptions catalogueAdoptions(DataSource dataSource,
            PlatformTransactionManager transactions) {
        return new JdbcCatalogueAdoptions(new JdbcTemplate(dataSource), new TransactionTemplate(transactions));
    }

    /** Compares the gate index's feed with the store's head; fails the gate closed when it is behind or hangs. */
    @Bean
    GateIndexWatch gateIndex(DataSource dataSource, EventProcessingConfiguration processors, RestrictedIndex index,
                             GateProperties properties) {
        return new GateIndexWatch(dataSource, processors, index, properties);
    }

    /** Starts each node's gate index from the durable checkpoint (ADR 0047). */
    @Bean
    GateIndexStart gateIndexStart(DataSource dataSource, PlatformTransactionManager transactions) {
        return new GateIndexStart(new JdbcTemplate(dataSource), new TransactionTemplate(transactions));
    }

    @Bean
    GateIndexCheckpoint gateIndexCheckpoint(DataSource dataSource) {
        return new JdbcGateIndexCheckpoint(new JdbcTemplate(dataSource));
    }

    @Bean
    DeviceEventLog deviceEventLog(org.axonframework.config.Configuration axon) {
        return new AxonDeviceEventLog(EventStoreAdapterConfiguration.CommitOrderedEvents.in(axon));
    }

    @Bean
    HistoryStore historyStore(DataSource dataSource, PlatformTransactionManager transactions) {
        return new JdbcHistoryStore(new JdbcTemplate(dataSource), new TransactionTemplate(transactions));
    }

    @Bean
    uk.smartmeter.restricted.application.port.out.RestrictedSpans restrictedSpans(DataSource dataSource,
            PlatformTransactionManager transactions) {
        TransactionTemplate reads = new TransactionTemplate(transactions);
        reads.setReadOnly(true);
        // one snapshot for the question's checks and its rows
        reads.setIsolationLevel(TransactionTemplate.ISOLATION_REPEATABLE_READ);
        return new JdbcRestrictedSpans(new JdbcTemplate(dataSource), reads);
    }

    @Bean
    uk.smartmeter.restricted.application.port.out.MeterPoints meterPoints(DataSource dataSource) {
        return new JdbcMeterPoints(new JdbcTemplate(dataSource));
    }

    /** The history and the CSP notices: lag, last error, the event a stalled one is stuck on. */
    @Bean
    ProjectionWatch projectionWatch(DataSource dataSource, EventProcessingConfiguration processors,
                                    ProjectionProperties properties) {
        return new ProjectionWatch(dataSource, processors,
                List.of(HistoryProjection.PROCESSING_GROUP, CspNoticeProjection.PROCESSING_GROUP, GateIndexFeed.CHECKPOINT,
                        uk.smartmeter.restricted.application.axon.RestrictedSpanProjection.PROCESSING_GROUP),
                properties.stallAfter());
    }

    @Bean
    HealthIndicator historyHealthIndicator(ProjectionWatch watch) {
        return watch.health(HistoryProjection.PROCESSING_GROUP);
    }

    /** The gate index's durable checkpoint: behind, it only makes the next start tail further. */
    @Bean
    HealthIndicator gateIndexCheckpointHealthIndicator(ProjectionWatch watch) {
        return watch.health(GateIndexFeed.CHECKPOINT);
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

    @Bean
    MeterBinder gateIndexMetrics(GateIndexWatch watch) {
        return registry -> Gauge.builder("restricted.gate.index.behind.seconds", watch, w -> w.lag().toNanos() / 1e9)
                .description("how long the oldest event this node's index has not seen has been in the store")
                .register(registry);
    }

    /** The signing key, from its file; in local mode created there at first start. Its verifier key is logged. */
    @Bean
    CheckpointSigner checkpointSigner(HistoryProperties properties,
                                      @Value("${restricted.api.auth.mode:local}") String authMode) {
        Ed25519KeyFile key = Ed25519KeyFile.load(properties.signingKey(), properties.origin(), "local".equals(authMode));
        LoggerFactory.getLogger(StoreAdapterConfiguration.class).info("History checkpoints are signed by {};"
                + " verifier key {} (also at GET /api/v1/history/checkpoints/key)", properties.signingKey()
                .toAbsolutePath(), key.verifierKey());
        return key;
    }

    @Bean
    CheckpointStore checkpointStore(DataSource dataSource, HistoryProperties properties) {
        return new JdbcCheckpointStore(new JdbcTemplate(dataSource), properties.checkpointArchive());
    }

    @Bean
    StoredEvents storedEvents(DataSource dataSource, PlatformTransactionManager transactions,
                              org.axonframework.config.Configuration axon) {
        return new JdbcStoredEvents(new JdbcTemplate(dataSource), new TransactionTemplate(transactions), () -> {
            TrackingToken head = EventStoreAdapterConfiguration.CommitOrderedEvents.in(axon).createHeadToken();
            return head == null ? -1 : head.position().orElse(-1);
        });
    }

    @Bean
    HistoryShadow historyShadow(DataSource dataSource, PlatformTransactionManager transactions) {
        return new JdbcHistoryShadow(dataSource, new TransactionTemplate(transactions));
    }

    @Bean
    RebuildRuns rebuildRuns(DataSource dataSource, PlatformTransactionManager transactions, java.time.Clock clock) {
        return new JdbcRebuildRuns(new JdbcTemplate(dataSource), new TransactionTemplate(transactions), clock);
    }

    @Bean
    ServiceEvents serviceEvents(EventBus eventBus, DataSource dataSource) {
        return new AxonServiceEvents(eventBus, new JdbcTemplate(dataSource));
    }
}
