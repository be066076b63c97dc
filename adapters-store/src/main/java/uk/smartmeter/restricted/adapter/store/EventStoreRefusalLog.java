package uk.smartmeter.restricted.adapter.store;

import org.axonframework.eventhandling.gateway.EventGateway;
import uk.smartmeter.restricted.application.port.out.RefusalLog;
import uk.smartmeter.restricted.domain.device.event.RequestRefused;

/**
 * Refusals go into the global event stream as events of their own, outside every Device's stream:
 * projections (history, reports) see them, and loading a device never reads them.
 */
final class EventStoreRefusalLog implements RefusalLog {

    private final EventGateway eventGateway;

    EventStoreRefusalLog(EventGateway eventGateway) {
        this.eventGateway = eventGateway;
    }

    @Override
    public void record(RequestRefused refusal) {
        eventGateway.publish(refusal);
    }
}
