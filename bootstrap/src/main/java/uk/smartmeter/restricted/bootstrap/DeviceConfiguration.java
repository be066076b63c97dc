package uk.smartmeter.restricted.bootstrap;

import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.smartmeter.restricted.application.port.out.CommandReceipts;
import uk.smartmeter.restricted.application.port.out.Devices;
import uk.smartmeter.restricted.application.port.out.RefusalLog;
import uk.smartmeter.restricted.application.service.DeviceService;
import uk.smartmeter.restricted.domain.device.DecisionContext;

/** The Device use cases and the adapters behind their out-ports. */
@Configuration(proxyBeanMethods = false)
class DeviceConfiguration {

    @Bean
    Clock clock() {
        // ticks in microseconds: the precision every time is held to, from intake to output
        return Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000));
    }

    /**
     * Which device each ID belongs to, injected into the aggregate's command handler by Axon; filled from the
     * store's enrolments once, after the migrations (so before any command).
     */
    @Bean
    uk.smartmeter.restricted.application.port.out.DeviceIdentities deviceIdentities(javax.sql.DataSource dataSource,
            org.springframework.beans.factory.ObjectProvider<org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer> migrations) {
        migrations.getIfAvailable();
        JdbcDeviceIdentities identities = new JdbcDeviceIdentities(dataSource);
        identities.fillFromTheStore(EventJson.mapper());
        return identities;
    }

    /** Injected into the aggregate's command handler by Axon. */
    @Bean
    DecisionContext decisionContext(Clock clock, RestrictedModeProperties properties) {
        return new DecisionContext(clock, properties.policy());
    }

    @Bean
    Devices devices(CommandGateway commandGateway, EventStore eventStore, TransactionManager transactionManager,
                    CommandReceipts receipts) {
        return new AxonDevices(commandGateway, eventStore, transactionManager, receipts);
    }

    @Bean
    RefusalLog refusalLog(EventGateway eventGateway) {
        return new EventStoreRefusalLog(eventGateway);
    }

    @Bean
    DeviceService deviceService(Devices devices, RefusalLog refusalLog, Clock clock) {
        return new DeviceService(devices, refusalLog, clock);
    }
}
