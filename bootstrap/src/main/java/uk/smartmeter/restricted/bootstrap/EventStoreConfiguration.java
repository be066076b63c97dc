package uk.smartmeter.restricted.bootstrap;

import org.axonframework.config.AggregateConfigurer;
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
 * Axon on the JDBC storage engine (schema under Flyway), Jackson everywhere, and the Device
 * aggregate registered explicitly with its snapshot trigger.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

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

    private static Serializer jackson() {
        return JacksonSerializer.builder().objectMapper(EventJson.mapper()).build();
    }

    /**
     * Devices stay in memory between commands when {@code restricted.device-cache} is on (single writer
     * node), so a command does not replay the device's stream.
     */
    @Bean
    ConfigurerModule deviceAggregate(RestrictedModeProperties properties) {
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
