package uk.smartmeter.restricted.application.axon;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.event.DeviceEnrolled;

/**
 * A gas meter's GPF as its enrolment named it: the device's first event, read from the store by its
 * aggregate and sequence number (one index probe). For restriction events stored before they carried the
 * GPF as metadata.
 */
public final class EnrolledGasProxies implements GateIndexFeed.GasProxies {

    private final EventStore store;

    public EnrolledGasProxies(EventStore store) {
        this.store = store;
    }

    @Override
    public long gpfOf(DeviceId gasMeter) {
        DomainEventStream stream = store.readEvents(gasMeter.value(), 0);
        if (!stream.hasNext()) {
            return 0;
        }
        DomainEventMessage<?> first = stream.next();
        return first.getPayload() instanceof DeviceEnrolled enrolled && enrolled.gpfId() != null
                ? enrolled.gpfId().eui64() : 0;
    }
}
