package uk.smartmeter.restricted.bootstrap;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.smartmeter.restricted.application.port.out.Devices;
import uk.smartmeter.restricted.application.port.out.RefusalLog;
import uk.smartmeter.restricted.application.service.DeviceService;
import uk.smartmeter.restricted.domain.device.DecisionContext;

/** The Device use cases: the clock, the policy the aggregate decides with, and the service over the store's ports. */
@Configuration(proxyBeanMethods = false)
class DeviceConfiguration {

    @Bean
    Clock clock() {
        // ticks in microseconds: the precision every time is held to, from intake to output
        return Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000));
    }

    /** Injected into the aggregate's command handler by Axon. */
    @Bean
    DecisionContext decisionContext(Clock clock, RestrictedModeProperties properties) {
        return new DecisionContext(clock, properties.policy());
    }

    /**
     * The bulk import's workers, shared by every import on the node, so that imports together never take more than
     * {@code restricted.api.import-workers} threads. They run at the lowest Java priority: under
     * {@code -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19} (docs/deployment.md) that is Linux's nice
     * 19, so the gate's threads get the cores first while an import runs; without those flags it changes nothing.
     */
    @Bean(destroyMethod = "shutdown")
    java.util.concurrent.ExecutorService inventoryImportWorkers(
            uk.smartmeter.restricted.adapter.rest.RestApiProperties properties) {
        java.util.concurrent.atomic.AtomicInteger number = new java.util.concurrent.atomic.AtomicInteger();
        return java.util.concurrent.Executors.newFixedThreadPool(properties.importWorkers(), work -> {
            Thread worker = new Thread(work, "inventory-import-" + number.incrementAndGet());
            worker.setPriority(Thread.MIN_PRIORITY);
            return worker;
        });
    }

    /** The bulk import: chunks of 64 lines, twice as many chunks in flight as workers. */
    @Bean
    uk.smartmeter.restricted.application.port.in.ImportInventory importInventory(
            uk.smartmeter.restricted.application.port.in.EnrolDevicesUseCase enrol,
            java.util.concurrent.ExecutorService inventoryImportWorkers,
            uk.smartmeter.restricted.adapter.rest.RestApiProperties properties) {
        return new uk.smartmeter.restricted.application.inventory.InventoryImportService(enrol, inventoryImportWorkers,
                64, properties.importWorkers() * 2);
    }

    @Bean
    DeviceService deviceService(Devices devices, RefusalLog refusalLog, Clock clock) {
        return new DeviceService(devices, refusalLog, clock);
    }

    /** A meter by its MPxN (issue 19), read as its status is, for the viewer. */
    @Bean
    uk.smartmeter.restricted.application.port.in.FindByMeterPoint findByMeterPoint(
            uk.smartmeter.restricted.application.port.out.MeterPoints points, DeviceService devices) {
        return new uk.smartmeter.restricted.application.service.MeterPointSearch(points, devices, devices);
    }
}
