package uk.smartmeter.restricted.bootstrap;

import java.time.Clock;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.smartmeter.restricted.adapter.csp.CspProperties;
import uk.smartmeter.restricted.application.axon.CspNoticeProjection;
import uk.smartmeter.restricted.application.csp.CspService;
import uk.smartmeter.restricted.application.port.out.CspNoticeStore;
import uk.smartmeter.restricted.application.port.out.CspPush;
import uk.smartmeter.restricted.application.port.out.ExclusionListStore;
import uk.smartmeter.restricted.adapter.store.EventStoreAdapterConfiguration;
import uk.smartmeter.restricted.adapter.store.ProjectionProperties;

/**
 * CSP notifications (MP169 BR5): the "csp-notices" tracking processor makes the notices from the Device
 * events (its token in the JDBC token store, in the same transaction as each batch's notices), and wakes
 * the broker push after each commit; the service answers the pull feed, replays and exclusion lists.
 */
@Configuration(proxyBeanMethods = false)
class CspConfiguration {

    @Bean
    CspService cspService(CspNoticeStore notices, ExclusionListStore lists, CspPush push, Clock clock,
                          CspProperties properties, EventProcessingConfiguration processors,
                          uk.smartmeter.restricted.application.history.HistoryCheckpoints checkpoints) {
        return new CspService(notices, lists, push, clock, properties.exclusions().publishAfter(),
                () -> caughtUp(processors), reason -> checkpoints.tryIssue(reason).orElse(null));
    }

    /** The notices processor runs here, is not in error, and has caught up with the store. */
    static boolean caughtUp(EventProcessingConfiguration processors) {
        return processors.eventProcessor(CspNoticeProjection.PROCESSING_GROUP, TrackingEventProcessor.class)
                .filter(TrackingEventProcessor::isRunning)
                .map(processor -> !processor.processingStatus().isEmpty() && processor.processingStatus().values()
                        .stream().allMatch(segment -> segment.isCaughtUp() && !segment.isErrorState()))
                .orElse(false);
    }

    /** Not a Spring bean, so Axon's bean scanning cannot register it a second time. */
    @Bean
    ConfigurerModule cspNoticeProjection(CspNoticeStore store, CspPush push, ProjectionProperties properties) {
        CspNoticeProjection projection = new CspNoticeProjection(store, push::wake);
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessor(CspNoticeProjection.PROCESSING_GROUP, EventStoreAdapterConfiguration.CommitOrderedEvents::in,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(properties.batchSize()))
                .registerListenerInvocationErrorHandler(CspNoticeProjection.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerEventHandler(c -> projection)
                .assignHandlerInstancesMatching(CspNoticeProjection.PROCESSING_GROUP, handler -> handler == projection);
    }
}
