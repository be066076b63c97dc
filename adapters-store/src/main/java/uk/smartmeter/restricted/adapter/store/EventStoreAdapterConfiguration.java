package uk.smartmeter.restricted.adapter.store;

import javax.sql.DataSource;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import uk.smartmeter.restricted.application.axon.DeviceAggregate;

/**
 * Axon on the JDBC storage engine (schema under Flyway), Jackson everywhere, the event store and its
 * commit-ordered twin, and the Device aggregate registered explicitly with its snapshot trigger.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreAdapterConfiguration {

    /** Events a tracking token may run ahead of an open gap before Axon drops the gap (its default is 10,000). */
    static final int MAX_GAP_OFFSET = 1_000_000;

    /** Snapshots and tokens. */
    @Bean
    @Primary
    Serializer serializer() {
        return jackson();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return jackson();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return jackson();
    }

    @Bean
    AppendHorizon appendHorizon(DataSource dataSource) {
        return AppendHorizon.of(dataSource);
    }

    /**
     * Axon's JDBC storage engine as its auto-configuration builds it (which backs off once the event store
     * below is declared), with appends announced to the store's horizon.
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer, @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration axon, DataSource dataSource,
                                          TransactionManager transactionManager, AppendHorizon horizon) {
        return engine(serializer, eventSerializer, axon, dataSource, transactionManager, horizon, false);
    }

    /** Axon's default store with a shorter poll, so other nodes' writes reach this node's index quickly. */
    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration axon,
                                  GateProperties properties) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .fetchDelay(properties.fetchDelay().toMillis())
                .build();
    }

    /**
     * The same store read in commit order, below its horizon: for the projections that need one stable
     * order, live and in a rebuild (the history, the CSP notices) and for the monthly reports' replay.
     * An Axon component rather than a bean, because it needs Axon's configuration (upcasters), which in
     * turn needs the processors that read from it.
     */
    @Bean
    ConfigurerModule commitOrderedEvents(Serializer serializer, @Qualifier("eventSerializer") Serializer eventSerializer,
                                         DataSource dataSource, TransactionManager transactionManager,
                                         AppendHorizon horizon, GateProperties properties) {
        return configurer -> configurer.registerComponent(CommitOrderedEvents.class, axon -> {
            EmbeddedEventStore store = EmbeddedEventStore.builder()
                    .storageEngine(engine(serializer, eventSerializer, axon, dataSource, transactionManager, horizon,
                            true))
                    .messageMonitor(axon.messageMonitor(EventStore.class, "commitOrderedEvents"))
                    .fetchDelay(properties.fetchDelay().toMillis())
                    .build();
            axon.onShutdown(store::shutDown);
            return new CommitOrderedEvents(store);
        });
    }

    /** The commit-ordered store; not an {@link EventStore} bean, so nothing takes it for the main one. */
    public record CommitOrderedEvents(EmbeddedEventStore store) {
        public static EmbeddedEventStore in(org.axonframework.config.Configuration axon) {
            return axon.getComponent(CommitOrderedEvents.class).store();
        }
    }

    private static CommitOrderedEventStorageEngine engine(Serializer serializer, Serializer eventSerializer,
                                                          org.axonframework.config.Configuration axon,
                                                          DataSource dataSource, TransactionManager transactionManager,
                                                          AppendHorizon horizon, boolean ordered) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .upcasterChain(axon.upcasterChain())
                .persistenceExceptionResolver(new JdbcSQLErrorCodesResolver())
                .eventSerializer(eventSerializer)
                .snapshotFilter(axon.snapshotFilter())
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                        new SpringDataSourceConnectionProvider(dataSource)))
                .transactionManager(transactionManager)
                .schema(new EventSchema())
                // a gap is only dropped once no transaction can still fill it (idle transactions end sooner)
                .maxGapOffset(MAX_GAP_OFFSET);
        return new CommitOrderedEventStorageEngine(builder, horizon, transactionManager, dataSource, ordered);
    }

    private static Serializer jackson() {
        return JacksonSerializer.builder().objectMapper(EventJson.mapper()).build();
    }

    /**
     * Devices stay in memory between commands when {@code restricted.device-cache} is on (single writer
     * node), so a command does not replay the device's stream.
     */
    @Bean
    ConfigurerModule deviceAggregate(StoreProperties properties) {
        return configurer -> {
            AggregateConfigurer<DeviceAggregate> device = AggregateConfigurer.defaultConfiguration(DeviceAggregate.class)
                    .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(
                            deviceSnapshotter(c), properties.snapshotThreshold()));
            if (properties.deviceCache()) {
                device.configureCache(c -> new DeviceCache());
            }
            configurer.configureAggregate(device);
        };
    }

    /**
     * A snapshotter of its own, built from Axon's configuration so that it resolves the same
     * handler parameters (the DecisionContext bean) as the aggregate's repository.
     */
    private static Snapshotter deviceSnapshotter(org.axonframework.config.Configuration config) {
        AggregateModel<DeviceAggregate> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(
                DeviceAggregate.class, config.parameterResolverFactory(), config.handlerDefinition(DeviceAggregate.class));
        return AggregateSnapshotter.builder()
                .eventStore(config.eventStore())
                .aggregateFactories(new GenericAggregateFactory<>(model))
                .parameterResolverFactory(config.parameterResolverFactory())
                .handlerDefinition(config.handlerDefinition(DeviceAggregate.class))
                .transactionManager(config.getComponent(TransactionManager.class, NoTransactionManager::instance))
                .build();
    }
}
