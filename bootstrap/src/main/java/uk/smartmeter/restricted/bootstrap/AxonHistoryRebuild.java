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

    @Override
    public synchronized void rebuild() {
        TrackingEventProcessor history = processors.eventProcessor(HistoryProjection.PROCESSING_GROUP,
                TrackingEventProcessor.class).orElseThrow(() -> new IllegalStateException("no history processor"));
        history.shutDown();
        history.resetTokens();
        history.start();
    }
}
