package uk.smartmeter.restricted.bootstrap;

import java.util.function.Consumer;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import uk.smartmeter.restricted.application.port.out.DeviceEventLog;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;

/** The Device events read from Axon's event store, in global order, up to a position. */
final class AxonDeviceEventLog implements DeviceEventLog {

    private final EventStore store;

    AxonDeviceEventLog(EventStore store) {
        this.store = store;
    }

    @Override
    public long head() {
        TrackingToken head = store.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    @Override
    public long replay(long upToPosition, Consumer<DeviceEvent> events) {
        long count = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
            while (stream.hasNextAvailable()) {
                TrackedEventMessage<?> message = stream.nextAvailable();
                if (message.trackingToken().position().orElse(Long.MAX_VALUE) > upToPosition) {
                    break;
                }
                if (DeviceEvent.class.isAssignableFrom(message.getPayloadType())
                        && message.getPayload() instanceof DeviceEvent event) {
                    events.accept(event);
                    count++;
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the event store", interrupted);
        }
        return count;
    }
}
