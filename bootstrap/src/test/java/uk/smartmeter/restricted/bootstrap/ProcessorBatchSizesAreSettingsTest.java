package uk.smartmeter.restricted.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import uk.smartmeter.restricted.application.axon.CspNoticeProjection;
import uk.smartmeter.restricted.application.axon.GateIndexFeed;
import uk.smartmeter.restricted.application.axon.HistoryProjection;

/**
 * The processors' batch sizes are settings, not constants: {@code restricted.projections.batch-size} for the history
 * and the CSP notices, {@code restricted.gate.feed-batch-size} for the gate index's tracking feed.
 */
class ProcessorBatchSizesAreSettingsTest {

    @TempDir
    Path data;

    @Test
    void eachProcessorRunsWithTheBatchSizeItWasGiven() throws Exception {
        try (ConfigurableApplicationContext service = ServiceRunner.start(Map.of("restricted.data-dir", data.toString(),
                "restricted.projections.batch-size", "123", "restricted.gate.feed-batch-size", "7"))) {
            EventProcessingConfiguration processors = service.getBean(EventProcessingConfiguration.class);
            assertThat(batchSize(processors, HistoryProjection.PROCESSING_GROUP)).isEqualTo(123);
            assertThat(batchSize(processors, CspNoticeProjection.PROCESSING_GROUP)).isEqualTo(123);
            assertThat(batchSize(processors, GateIndexFeed.TRACKING)).isEqualTo(7);
        }
    }

    /** Axon keeps a processor's batch size to itself; read it as the processor holds it. */
    private static int batchSize(EventProcessingConfiguration processors, String name) throws Exception {
        TrackingEventProcessor processor = processors.eventProcessor(name, TrackingEventProcessor.class).orElseThrow();
        Field field = TrackingEventProcessor.class.getDeclaredField("batchSize");
        field.setAccessible(true);
        return field.getInt(processor);
    }
}
