package uk.smartmeter.restricted.bootstrap;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import uk.smartmeter.restricted.application.axon.HistoryProjection;
import uk.smartmeter.restricted.application.port.in.RebuildHistory;

/** Stops the history processor, resets its token (its reset handler empties the tables) and starts it again. */
final class AxonHistoryRebuild implements RebuildHistory {

    private final EventProcessingConfiguration processors;

    AxonHistoryRebuild(EventProcessingConfiguration processors) {
        this.processors = processors;
    }

    /**
     * One rebuild at a time, and each returns only once the processor is running again with its segments
     * claimed: a second rebuild then never shuts down a processor that is still starting (which left it
     * stopped for good, the history empty). The processor is started again whatever the reset did.
     */
    @Override
    public synchronized void rebuild() {
        TrackingEventProcessor history = processors.eventProcessor(HistoryProjection.PROCESSING_GROUP,
                TrackingEventProcessor.class).orElseThrow(() -> new IllegalStateException("no history processor"));
        history.shutDown();
        try {
            history.resetTokens();
        } finally {
            history.start();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while ((!history.isRunning() || history.processingStatus().isEmpty()) && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }
}
