package uk.smartmeter.restricted.application.port.out;

import java.util.function.Consumer;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;

/** The Device events of the event store, in the store's order, for reports rebuilt from events. */
public interface DeviceEventLog {

    /** The store's last position; -1 when it is empty. */
    long head();

    /** Hands every Device event up to and including {@code upToPosition} to the consumer, in order; returns how many. */
    long replay(long upToPosition, Consumer<DeviceEvent> events);
}
