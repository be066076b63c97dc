package uk.smartmeter.restricted.bootstrap;

import java.time.Clock;
import javax.sql.DataSource;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.axon.HistoryProjection;
import uk.smartmeter.restricted.application.history.HistoryService;
import uk.smartmeter.restricted.application.port.in.RebuildHistory;
import uk.smartmeter.restricted.application.port.out.Devices;
import uk.smartmeter.restricted.application.port.out.HistoryStore;
import uk.smartmeter.restricted.application.port.out.RefusalLog;

/**
 * The regulator's history: SQL tables built by the "history" tracking processor (its token in the JDBC
 * token store, in the same transaction as each batch's rows, 500 events a batch: 2,000 measured no faster), and the queries over them.
 */
@Configuration(proxyBeanMethods = false)
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

    @Bean
    RebuildHistory rebuildHistory(EventProcessingConfiguration processors) {
        return new AxonHistoryRebuild(processors);
    }

    /** Not a Spring bean, so Axon's bean scanning cannot register it a second time. */
    @Bean
    ConfigurerModule historyProjection(HistoryStore store) {
        HistoryProjection projection = new HistoryProjection(store);
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessor(HistoryProjection.PROCESSING_GROUP, c -> c.eventStore(),
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(BATCH_SIZE))
                .registerEventHandler(c -> projection)
                .assignHandlerInstancesMatching(HistoryProjection.PROCESSING_GROUP, handler -> handler == projection);
    }
}
