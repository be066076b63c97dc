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
import uk.smartmeter.restricted.application.history.HistoryService;
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
@EnableConfigurationProperties(ProjectionProperties.class)
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

    @Bean
    RebuildHistory rebuildHistory(EventProcessingConfiguration processors) {
        return new AxonHistoryRebuild(processors);
    }

    /** Not a Spring bean, so Axon's bean scanning cannot register it a second time. */
    @Bean
    ConfigurerModule historyProjection(HistoryStore store) {
        HistoryProjection projection = new HistoryProjection(store);
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessor(HistoryProjection.PROCESSING_GROUP, EventStoreConfiguration.CommitOrderedEvents::in,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(BATCH_SIZE))
                .registerListenerInvocationErrorHandler(HistoryProjection.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerEventHandler(c -> projection)
                .assignHandlerInstancesMatching(HistoryProjection.PROCESSING_GROUP, handler -> handler == projection);
    }
}
