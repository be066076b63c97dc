package uk.smartmeter.restricted.adapter.store;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import uk.smartmeter.restricted.application.port.out.DeviceEventLog;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.gate.GateDenied;

/**
 * The Device events and gate denials read from the commit-ordered store, in global order, up to a position. Its head is
 * the store's horizon, so every event up to a report's position is final when the report is taken, and
 * reproducing the report reads exactly the same events.
 */
final class AxonDeviceEventLog implements DeviceEventLog {

    private static final int QUIET_SECONDS = 2;

    private final EventStore store;

    AxonDeviceEventLog(EventStore store) {
        this.store = store;
    }

    @Override
    public long head() {
        TrackingToken head = store.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    /**
     * Reads until the event at {@code upToPosition} (or a later one) has been seen. Near the store's head
     * Axon's stream is fed by a producer thread, so "nothing available yet" is waited out for up to
     * {@value #QUIET_SECONDS} s rather than taken for the end.
     */
    @Override
    public long replay(long upToPosition, Consumer<DeviceEvent> events, Consumer<GateDenied> denials) {
        long count = 0;
        long seen = -1;
        try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
            while (seen < upToPosition && stream.hasNextAvailable(QUIET_SECONDS, TimeUnit.SECONDS)) {
                TrackedEventMessage<?> message = stream.nextAvailable();
                seen = message.trackingToken().position().orElse(Long.MAX_VALUE);
                if (seen > upToPosition) {
                    break;
                }
                if (DeviceEvent.class.isAssignableFrom(message.getPayloadType())
                        && message.getPayload() instanceof DeviceEvent event) {
                    events.accept(event);
                    count++;
                } else if (message.getPayloadType() == GateDenied.class
                        && message.getPayload() instanceof GateDenied denied) {
                    denials.accept(denied);
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
