package uk.smartmeter.restricted.adapter.store;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import uk.smartmeter.restricted.application.port.out.DeviceEventLog;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.gate.GateDenied;

/**
 * The Device events and gate denials read from the commit-ordered store, in global order, after a position and up to
 * another. Its head is
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
    public long replay(long afterPosition, long upToPosition, Listener listener) {
        long count = 0;
        long seen = afterPosition;
        // below the horizon no gap is still to be filled, so a plain position is a complete token
        TrackingToken from = afterPosition < 0 ? null : new GapAwareTrackingToken(afterPosition, java.util.Set.of());
        try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(from)) {
            while (seen < upToPosition && stream.hasNextAvailable(QUIET_SECONDS, TimeUnit.SECONDS)) {
                TrackedEventMessage<?> message = stream.nextAvailable();
                seen = message.trackingToken().position().orElse(Long.MAX_VALUE);
                if (seen > upToPosition) {
                    break;
                }
                if (DeviceEvent.class.isAssignableFrom(message.getPayloadType())
                        && message.getPayload() instanceof DeviceEvent event) {
                    listener.event(seen, event);
                    count++;
                } else if (message.getPayloadType() == GateDenied.class
                        && message.getPayload() instanceof GateDenied denied) {
                    listener.denied(seen, denied);
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
